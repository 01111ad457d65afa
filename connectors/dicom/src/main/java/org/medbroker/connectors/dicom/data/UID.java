package org.medbroker.connectors.dicom.data;

import java.util.Set;

/**
 * Registered UIDs of PS3.6 Annex A that medbroker uses: transfer syntaxes, Verification, the C-FIND
 * SOP classes, and every Storage SOP Class of PS3.4 Annex B (Table B.5-1, retired ones included
 * because old modalities still send them). Names are the PS3.6 keywords.
 */
public final class UID {

    // Transfer syntaxes, PS3.5 Annex A
    public static final String ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public static final String ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public static final String EncapsulatedUncompressedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.98";
    public static final String DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public static final String ExplicitVRBigEndian = "1.2.840.10008.1.2.2";
    public static final String JPEGBaseline8Bit = "1.2.840.10008.1.2.4.50";
    public static final String JPEGExtended12Bit = "1.2.840.10008.1.2.4.51";
    public static final String JPEGLossless = "1.2.840.10008.1.2.4.57";
    public static final String JPEGLosslessSV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEGLSLossless = "1.2.840.10008.1.2.4.80";
    public static final String JPEGLSNearLossless = "1.2.840.10008.1.2.4.81";
    public static final String JPEG2000Lossless = "1.2.840.10008.1.2.4.90";
    public static final String JPEG2000 = "1.2.840.10008.1.2.4.91";
    public static final String JPEG2000MCLossless = "1.2.840.10008.1.2.4.92";
    public static final String JPEG2000MC = "1.2.840.10008.1.2.4.93";
    public static final String MPEG2MPML = "1.2.840.10008.1.2.4.100";
    public static final String MPEG4HP41 = "1.2.840.10008.1.2.4.102";
    public static final String HTJ2KLossless = "1.2.840.10008.1.2.4.201";
    public static final String HTJ2KLosslessRPCL = "1.2.840.10008.1.2.4.202";
    public static final String HTJ2K = "1.2.840.10008.1.2.4.203";
    public static final String RLELossless = "1.2.840.10008.1.2.5";

    // Verification, PS3.4 Annex A; Query/Retrieve, PS3.4 Annex C; Modality Worklist, PS3.4 Annex K
    public static final String Verification = "1.2.840.10008.1.1";
    public static final String PatientRootQueryRetrieveInformationModelFind = "1.2.840.10008.5.1.4.1.2.1.1";
    public static final String PatientRootQueryRetrieveInformationModelMove = "1.2.840.10008.5.1.4.1.2.1.2";
    public static final String PatientRootQueryRetrieveInformationModelGet = "1.2.840.10008.5.1.4.1.2.1.3";
    public static final String StudyRootQueryRetrieveInformationModelFind = "1.2.840.10008.5.1.4.1.2.2.1";
    public static final String StudyRootQueryRetrieveInformationModelMove = "1.2.840.10008.5.1.4.1.2.2.2";
    public static final String StudyRootQueryRetrieveInformationModelGet = "1.2.840.10008.5.1.4.1.2.2.3";
    public static final String ModalityWorklistInformationModelFind = "1.2.840.10008.5.1.4.31";
    public static final String StorageCommitmentPushModel = "1.2.840.10008.1.20.1";

    // Storage SOP classes, PS3.4 Table B.5-1
    /** Computed Radiography Image Storage */
    public static final String ComputedRadiographyImageStorage = "1.2.840.10008.5.1.4.1.1.1";
    /** Digital X-Ray Image Storage - For Presentation */
    public static final String DigitalXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.1";
    /** Digital X-Ray Image Storage - For Processing */
    public static final String DigitalXRayImageStorageForProcessing = "1.2.840.10008.5.1.4.1.1.1.1.1";
    /** Digital Mammography X-Ray Image Storage - For Presentation */
    public static final String DigitalMammographyXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.2";
    /** Digital Mammography X-Ray Image Storage - For Processing */
    public static final String DigitalMammographyXRayImageStorageForProcessing = "1.2.840.10008.5.1.4.1.1.1.2.1";
    /** Digital Intra-Oral X-Ray Image Storage - For Presentation */
    public static final String DigitalIntraOralXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.3";
    /** Digital Intra-Oral X-Ray Image Storage - For Processing */
    public static final String DigitalIntraOralXRayImageStorageForProcessing = "1.2.840.10008.5.1.4.1.1.1.3.1";
    /** CT Image Storage */
    public static final String CTImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    /** Enhanced CT Image Storage */
    public static final String EnhancedCTImageStorage = "1.2.840.10008.5.1.4.1.1.2.1";
    /** Legacy Converted Enhanced CT Image Storage */
    public static final String LegacyConvertedEnhancedCTImageStorage = "1.2.840.10008.5.1.4.1.1.2.2";
    /** Ultrasound Multi-frame Image Storage (retired) */
    public static final String UltrasoundMultiFrameImageStorageRetired = "1.2.840.10008.5.1.4.1.1.3";
    /** Ultrasound Multi-frame Image Storage */
    public static final String UltrasoundMultiFrameImageStorage = "1.2.840.10008.5.1.4.1.1.3.1";
    /** MR Image Storage */
    public static final String MRImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    /** Enhanced MR Image Storage */
    public static final String EnhancedMRImageStorage = "1.2.840.10008.5.1.4.1.1.4.1";
    /** MR Spectroscopy Storage */
    public static final String MRSpectroscopyStorage = "1.2.840.10008.5.1.4.1.1.4.2";
    /** Enhanced MR Color Image Storage */
    public static final String EnhancedMRColorImageStorage = "1.2.840.10008.5.1.4.1.1.4.3";
    /** Legacy Converted Enhanced MR Image Storage */
    public static final String LegacyConvertedEnhancedMRImageStorage = "1.2.840.10008.5.1.4.1.1.4.4";
    /** Nuclear Medicine Image Storage (retired) */
    public static final String NuclearMedicineImageStorageRetired = "1.2.840.10008.5.1.4.1.1.5";
    /** Ultrasound Image Storage (retired) */
    public static final String UltrasoundImageStorageRetired = "1.2.840.10008.5.1.4.1.1.6";
    /** Ultrasound Image Storage */
    public static final String UltrasoundImageStorage = "1.2.840.10008.5.1.4.1.1.6.1";
    /** Enhanced US Volume Storage */
    public static final String EnhancedUSVolumeStorage = "1.2.840.10008.5.1.4.1.1.6.2";
    /** Secondary Capture Image Storage */
    public static final String SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";
    /** Multi-frame Single Bit Secondary Capture Image Storage */
    public static final String MultiFrameSingleBitSecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7.1";
    /** Multi-frame Grayscale Byte Secondary Capture Image Storage */
    public static final String MultiFrameGrayscaleByteSecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7.2";
    /** Multi-frame Grayscale Word Secondary Capture Image Storage */
    public static final String MultiFrameGrayscaleWordSecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7.3";
    /** Multi-frame True Color Secondary Capture Image Storage */
    public static final String MultiFrameTrueColorSecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7.4";
    /** Standalone Overlay Storage (retired) */
    public static final String StandaloneOverlayStorage = "1.2.840.10008.5.1.4.1.1.8";
    /** Standalone Curve Storage (retired) */
    public static final String StandaloneCurveStorage = "1.2.840.10008.5.1.4.1.1.9";
    /** Waveform Storage - Trial (retired) */
    public static final String WaveformStorageTrial = "1.2.840.10008.5.1.4.1.1.9.1";
    /** 12-lead ECG Waveform Storage */
    public static final String TwelveLeadECGWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.1.1";
    /** General ECG Waveform Storage */
    public static final String GeneralECGWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.1.2";
    /** Ambulatory ECG Waveform Storage */
    public static final String AmbulatoryECGWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.1.3";
    /** Hemodynamic Waveform Storage */
    public static final String HemodynamicWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.2.1";
    /** Cardiac Electrophysiology Waveform Storage */
    public static final String CardiacElectrophysiologyWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.3.1";
    /** Basic Voice Audio Waveform Storage */
    public static final String BasicVoiceAudioWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.4.1";
    /** General Audio Waveform Storage */
    public static final String GeneralAudioWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.4.2";
    /** Arterial Pulse Waveform Storage */
    public static final String ArterialPulseWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.5.1";
    /** Respiratory Waveform Storage */
    public static final String RespiratoryWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.6.1";
    /** Multi-channel Respiratory Waveform Storage */
    public static final String MultichannelRespiratoryWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.6.2";
    /** Routine Scalp Electroencephalogram Waveform Storage */
    public static final String RoutineScalpElectroencephalogramWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.7.1";
    /** Electromyogram Waveform Storage */
    public static final String ElectromyogramWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.7.2";
    /** Electrooculogram Waveform Storage */
    public static final String ElectrooculogramWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.7.3";
    /** Sleep Electroencephalogram Waveform Storage */
    public static final String SleepElectroencephalogramWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.7.4";
    /** Body Position Waveform Storage */
    public static final String BodyPositionWaveformStorage = "1.2.840.10008.5.1.4.1.1.9.8.1";
    /** Standalone Modality LUT Storage (retired) */
    public static final String StandaloneModalityLUTStorage = "1.2.840.10008.5.1.4.1.1.10";
    /** Standalone VOI LUT Storage (retired) */
    public static final String StandaloneVOILUTStorage = "1.2.840.10008.5.1.4.1.1.11";
    /** Grayscale Softcopy Presentation State Storage */
    public static final String GrayscaleSoftcopyPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.1";
    /** Color Softcopy Presentation State Storage */
    public static final String ColorSoftcopyPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.2";
    /** Pseudo-Color Softcopy Presentation State Storage */
    public static final String PseudoColorSoftcopyPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.3";
    /** Blending Softcopy Presentation State Storage */
    public static final String BlendingSoftcopyPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.4";
    /** XA/XRF Grayscale Softcopy Presentation State Storage */
    public static final String XAXRFGrayscaleSoftcopyPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.5";
    /** Grayscale Planar MPR Volumetric Presentation State Storage */
    public static final String GrayscalePlanarMPRVolumetricPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.6";
    /** Compositing Planar MPR Volumetric Presentation State Storage */
    public static final String CompositingPlanarMPRVolumetricPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.7";
    /** Advanced Blending Presentation State Storage */
    public static final String AdvancedBlendingPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.8";
    /** Volume Rendering Volumetric Presentation State Storage */
    public static final String VolumeRenderingVolumetricPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.9";
    /** Segmented Volume Rendering Volumetric Presentation State Storage */
    public static final String SegmentedVolumeRenderingVolumetricPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.10";
    /** Multiple Volume Rendering Volumetric Presentation State Storage */
    public static final String MultipleVolumeRenderingVolumetricPresentationStateStorage = "1.2.840.10008.5.1.4.1.1.11.11";
    /** X-Ray Angiographic Image Storage */
    public static final String XRayAngiographicImageStorage = "1.2.840.10008.5.1.4.1.1.12.1";
    /** Enhanced XA Image Storage */
    public static final String EnhancedXAImageStorage = "1.2.840.10008.5.1.4.1.1.12.1.1";
    /** X-Ray Radiofluoroscopic Image Storage */
    public static final String XRayRadiofluoroscopicImageStorage = "1.2.840.10008.5.1.4.1.1.12.2";
    /** Enhanced XRF Image Storage */
    public static final String EnhancedXRFImageStorage = "1.2.840.10008.5.1.4.1.1.12.2.1";
    /** X-Ray Angiographic Bi-Plane Image Storage (retired) */
    public static final String XRayAngiographicBiPlaneImageStorage = "1.2.840.10008.5.1.4.1.1.12.3";
    /** X-Ray 3D Angiographic Image Storage */
    public static final String XRay3DAngiographicImageStorage = "1.2.840.10008.5.1.4.1.1.13.1.1";
    /** X-Ray 3D Craniofacial Image Storage */
    public static final String XRay3DCraniofacialImageStorage = "1.2.840.10008.5.1.4.1.1.13.1.2";
    /** Breast Tomosynthesis Image Storage */
    public static final String BreastTomosynthesisImageStorage = "1.2.840.10008.5.1.4.1.1.13.1.3";
    /** Breast Projection X-Ray Image Storage - For Presentation */
    public static final String BreastProjectionXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.13.1.4";
    /** Breast Projection X-Ray Image Storage - For Processing */
    public static final String BreastProjectionXRayImageStorageForProcessing = "1.2.840.10008.5.1.4.1.1.13.1.5";
    /** Intravascular Optical Coherence Tomography Image Storage - For Presentation */
    public static final String IntravascularOpticalCoherenceTomographyImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.14.1";
    /** Intravascular Optical Coherence Tomography Image Storage - For Processing */
    public static final String IntravascularOpticalCoherenceTomographyImageStorageForProcessing = "1.2.840.10008.5.1.4.1.1.14.2";
    /** Nuclear Medicine Image Storage */
    public static final String NuclearMedicineImageStorage = "1.2.840.10008.5.1.4.1.1.20";
    /** Parametric Map Storage */
    public static final String ParametricMapStorage = "1.2.840.10008.5.1.4.1.1.30";
    /** Raw Data Storage */
    public static final String RawDataStorage = "1.2.840.10008.5.1.4.1.1.66";
    /** Spatial Registration Storage */
    public static final String SpatialRegistrationStorage = "1.2.840.10008.5.1.4.1.1.66.1";
    /** Spatial Fiducials Storage */
    public static final String SpatialFiducialsStorage = "1.2.840.10008.5.1.4.1.1.66.2";
    /** Deformable Spatial Registration Storage */
    public static final String DeformableSpatialRegistrationStorage = "1.2.840.10008.5.1.4.1.1.66.3";
    /** Segmentation Storage */
    public static final String SegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";
    /** Surface Segmentation Storage */
    public static final String SurfaceSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.5";
    /** Tractography Results Storage */
    public static final String TractographyResultsStorage = "1.2.840.10008.5.1.4.1.1.66.6";
    /** Real World Value Mapping Storage */
    public static final String RealWorldValueMappingStorage = "1.2.840.10008.5.1.4.1.1.67";
    /** Surface Scan Mesh Storage */
    public static final String SurfaceScanMeshStorage = "1.2.840.10008.5.1.4.1.1.68.1";
    /** Surface Scan Point Cloud Storage */
    public static final String SurfaceScanPointCloudStorage = "1.2.840.10008.5.1.4.1.1.68.2";
    /** VL Image Storage - Trial (retired) */
    public static final String VLImageStorageTrial = "1.2.840.10008.5.1.4.1.1.77.1";
    /** VL Multi-frame Image Storage - Trial (retired) */
    public static final String VLMultiFrameImageStorageTrial = "1.2.840.10008.5.1.4.1.1.77.2";
    /** VL Endoscopic Image Storage */
    public static final String VLEndoscopicImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.1";
    /** Video Endoscopic Image Storage */
    public static final String VideoEndoscopicImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.1.1";
    /** VL Microscopic Image Storage */
    public static final String VLMicroscopicImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.2";
    /** Video Microscopic Image Storage */
    public static final String VideoMicroscopicImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.2.1";
    /** VL Slide-Coordinates Microscopic Image Storage */
    public static final String VLSlideCoordinatesMicroscopicImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.3";
    /** VL Photographic Image Storage */
    public static final String VLPhotographicImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.4";
    /** Video Photographic Image Storage */
    public static final String VideoPhotographicImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.4.1";
    /** Ophthalmic Photography 8 Bit Image Storage */
    public static final String OphthalmicPhotography8BitImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.5.1";
    /** Ophthalmic Photography 16 Bit Image Storage */
    public static final String OphthalmicPhotography16BitImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.5.2";
    /** Stereometric Relationship Storage */
    public static final String StereometricRelationshipStorage = "1.2.840.10008.5.1.4.1.1.77.1.5.3";
    /** Ophthalmic Tomography Image Storage */
    public static final String OphthalmicTomographyImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.5.4";
    /** Wide Field Ophthalmic Photography Stereographic Projection Image Storage */
    public static final String WideFieldOphthalmicPhotographyStereographicProjectionImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.5.5";
    /** Wide Field Ophthalmic Photography 3D Coordinates Image Storage */
    public static final String WideFieldOphthalmicPhotography3DCoordinatesImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.5.6";
    /** Ophthalmic Optical Coherence Tomography En Face Image Storage */
    public static final String OphthalmicOpticalCoherenceTomographyEnFaceImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.5.7";
    /** Ophthalmic Optical Coherence Tomography B-scan Volume Analysis Storage */
    public static final String OphthalmicOpticalCoherenceTomographyBscanVolumeAnalysisStorage = "1.2.840.10008.5.1.4.1.1.77.1.5.8";
    /** VL Whole Slide Microscopy Image Storage */
    public static final String VLWholeSlideMicroscopyImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.6";
    /** Dermoscopic Photography Image Storage */
    public static final String DermoscopicPhotographyImageStorage = "1.2.840.10008.5.1.4.1.1.77.1.7";
    /** Lensometry Measurements Storage */
    public static final String LensometryMeasurementsStorage = "1.2.840.10008.5.1.4.1.1.78.1";
    /** Autorefraction Measurements Storage */
    public static final String AutorefractionMeasurementsStorage = "1.2.840.10008.5.1.4.1.1.78.2";
    /** Keratometry Measurements Storage */
    public static final String KeratometryMeasurementsStorage = "1.2.840.10008.5.1.4.1.1.78.3";
    /** Subjective Refraction Measurements Storage */
    public static final String SubjectiveRefractionMeasurementsStorage = "1.2.840.10008.5.1.4.1.1.78.4";
    /** Visual Acuity Measurements Storage */
    public static final String VisualAcuityMeasurementsStorage = "1.2.840.10008.5.1.4.1.1.78.5";
    /** Spectacle Prescription Report Storage */
    public static final String SpectaclePrescriptionReportStorage = "1.2.840.10008.5.1.4.1.1.78.6";
    /** Ophthalmic Axial Measurements Storage */
    public static final String OphthalmicAxialMeasurementsStorage = "1.2.840.10008.5.1.4.1.1.78.7";
    /** Intraocular Lens Calculations Storage */
    public static final String IntraocularLensCalculationsStorage = "1.2.840.10008.5.1.4.1.1.78.8";
    /** Macular Grid Thickness and Volume Report Storage */
    public static final String MacularGridThicknessAndVolumeReportStorage = "1.2.840.10008.5.1.4.1.1.79.1";
    /** Ophthalmic Visual Field Static Perimetry Measurements Storage */
    public static final String OphthalmicVisualFieldStaticPerimetryMeasurementsStorage = "1.2.840.10008.5.1.4.1.1.80.1";
    /** Ophthalmic Thickness Map Storage */
    public static final String OphthalmicThicknessMapStorage = "1.2.840.10008.5.1.4.1.1.81.1";
    /** Corneal Topography Map Storage */
    public static final String CornealTopographyMapStorage = "1.2.840.10008.5.1.4.1.1.82.1";
    /** Text SR Storage - Trial (retired) */
    public static final String TextSRStorageTrial = "1.2.840.10008.5.1.4.1.1.88.1";
    /** Audio SR Storage - Trial (retired) */
    public static final String AudioSRStorageTrial = "1.2.840.10008.5.1.4.1.1.88.2";
    /** Detail SR Storage - Trial (retired) */
    public static final String DetailSRStorageTrial = "1.2.840.10008.5.1.4.1.1.88.3";
    /** Comprehensive SR Storage - Trial (retired) */
    public static final String ComprehensiveSRStorageTrial = "1.2.840.10008.5.1.4.1.1.88.4";
    /** Basic Text SR Storage */
    public static final String BasicTextSRStorage = "1.2.840.10008.5.1.4.1.1.88.11";
    /** Enhanced SR Storage */
    public static final String EnhancedSRStorage = "1.2.840.10008.5.1.4.1.1.88.22";
    /** Comprehensive SR Storage */
    public static final String ComprehensiveSRStorage = "1.2.840.10008.5.1.4.1.1.88.33";
    /** Comprehensive 3D SR Storage */
    public static final String Comprehensive3DSRStorage = "1.2.840.10008.5.1.4.1.1.88.34";
    /** Extensible SR Storage */
    public static final String ExtensibleSRStorage = "1.2.840.10008.5.1.4.1.1.88.35";
    /** Procedure Log Storage */
    public static final String ProcedureLogStorage = "1.2.840.10008.5.1.4.1.1.88.40";
    /** Mammography CAD SR Storage */
    public static final String MammographyCADSRStorage = "1.2.840.10008.5.1.4.1.1.88.50";
    /** Key Object Selection Document Storage */
    public static final String KeyObjectSelectionDocumentStorage = "1.2.840.10008.5.1.4.1.1.88.59";
    /** Chest CAD SR Storage */
    public static final String ChestCADSRStorage = "1.2.840.10008.5.1.4.1.1.88.65";
    /** X-Ray Radiation Dose SR Storage */
    public static final String XRayRadiationDoseSRStorage = "1.2.840.10008.5.1.4.1.1.88.67";
    /** Radiopharmaceutical Radiation Dose SR Storage */
    public static final String RadiopharmaceuticalRadiationDoseSRStorage = "1.2.840.10008.5.1.4.1.1.88.68";
    /** Colon CAD SR Storage */
    public static final String ColonCADSRStorage = "1.2.840.10008.5.1.4.1.1.88.69";
    /** Implantation Plan SR Storage */
    public static final String ImplantationPlanSRStorage = "1.2.840.10008.5.1.4.1.1.88.70";
    /** Acquisition Context SR Storage */
    public static final String AcquisitionContextSRStorage = "1.2.840.10008.5.1.4.1.1.88.71";
    /** Simplified Adult Echo SR Storage */
    public static final String SimplifiedAdultEchoSRStorage = "1.2.840.10008.5.1.4.1.1.88.72";
    /** Patient Radiation Dose SR Storage */
    public static final String PatientRadiationDoseSRStorage = "1.2.840.10008.5.1.4.1.1.88.73";
    /** Planned Imaging Agent Administration SR Storage */
    public static final String PlannedImagingAgentAdministrationSRStorage = "1.2.840.10008.5.1.4.1.1.88.74";
    /** Performed Imaging Agent Administration SR Storage */
    public static final String PerformedImagingAgentAdministrationSRStorage = "1.2.840.10008.5.1.4.1.1.88.75";
    /** Enhanced X-Ray Radiation Dose SR Storage */
    public static final String EnhancedXRayRadiationDoseSRStorage = "1.2.840.10008.5.1.4.1.1.88.76";
    /** Content Assessment Results Storage */
    public static final String ContentAssessmentResultsStorage = "1.2.840.10008.5.1.4.1.1.90.1";
    /** Microscopy Bulk Simple Annotations Storage */
    public static final String MicroscopyBulkSimpleAnnotationsStorage = "1.2.840.10008.5.1.4.1.1.91.1";
    /** Encapsulated PDF Storage */
    public static final String EncapsulatedPDFStorage = "1.2.840.10008.5.1.4.1.1.104.1";
    /** Encapsulated CDA Storage */
    public static final String EncapsulatedCDAStorage = "1.2.840.10008.5.1.4.1.1.104.2";
    /** Encapsulated STL Storage */
    public static final String EncapsulatedSTLStorage = "1.2.840.10008.5.1.4.1.1.104.3";
    /** Encapsulated OBJ Storage */
    public static final String EncapsulatedOBJStorage = "1.2.840.10008.5.1.4.1.1.104.4";
    /** Encapsulated MTL Storage */
    public static final String EncapsulatedMTLStorage = "1.2.840.10008.5.1.4.1.1.104.5";
    /** Positron Emission Tomography Image Storage */
    public static final String PositronEmissionTomographyImageStorage = "1.2.840.10008.5.1.4.1.1.128";
    /** Legacy Converted Enhanced PET Image Storage */
    public static final String LegacyConvertedEnhancedPETImageStorage = "1.2.840.10008.5.1.4.1.1.128.1";
    /** Standalone PET Curve Storage (retired) */
    public static final String StandalonePETCurveStorage = "1.2.840.10008.5.1.4.1.1.129";
    /** Enhanced PET Image Storage */
    public static final String EnhancedPETImageStorage = "1.2.840.10008.5.1.4.1.1.130";
    /** Basic Structured Display Storage */
    public static final String BasicStructuredDisplayStorage = "1.2.840.10008.5.1.4.1.1.131";
    /** CT Defined Procedure Protocol Storage */
    public static final String CTDefinedProcedureProtocolStorage = "1.2.840.10008.5.1.4.1.1.200.1";
    /** CT Performed Procedure Protocol Storage */
    public static final String CTPerformedProcedureProtocolStorage = "1.2.840.10008.5.1.4.1.1.200.2";
    /** Protocol Approval Storage */
    public static final String ProtocolApprovalStorage = "1.2.840.10008.5.1.4.1.1.200.3";
    /** XA Defined Procedure Protocol Storage */
    public static final String XADefinedProcedureProtocolStorage = "1.2.840.10008.5.1.4.1.1.200.7";
    /** XA Performed Procedure Protocol Storage */
    public static final String XAPerformedProcedureProtocolStorage = "1.2.840.10008.5.1.4.1.1.200.8";
    /** RT Image Storage */
    public static final String RTImageStorage = "1.2.840.10008.5.1.4.1.1.481.1";
    /** RT Dose Storage */
    public static final String RTDoseStorage = "1.2.840.10008.5.1.4.1.1.481.2";
    /** RT Structure Set Storage */
    public static final String RTStructureSetStorage = "1.2.840.10008.5.1.4.1.1.481.3";
    /** RT Beams Treatment Record Storage */
    public static final String RTBeamsTreatmentRecordStorage = "1.2.840.10008.5.1.4.1.1.481.4";
    /** RT Plan Storage */
    public static final String RTPlanStorage = "1.2.840.10008.5.1.4.1.1.481.5";
    /** RT Brachy Treatment Record Storage */
    public static final String RTBrachyTreatmentRecordStorage = "1.2.840.10008.5.1.4.1.1.481.6";
    /** RT Treatment Summary Record Storage */
    public static final String RTTreatmentSummaryRecordStorage = "1.2.840.10008.5.1.4.1.1.481.7";
    /** RT Ion Plan Storage */
    public static final String RTIonPlanStorage = "1.2.840.10008.5.1.4.1.1.481.8";
    /** RT Ion Beams Treatment Record Storage */
    public static final String RTIonBeamsTreatmentRecordStorage = "1.2.840.10008.5.1.4.1.1.481.9";
    /** RT Physician Intent Storage */
    public static final String RTPhysicianIntentStorage = "1.2.840.10008.5.1.4.1.1.481.10";
    /** RT Segment Annotation Storage */
    public static final String RTSegmentAnnotationStorage = "1.2.840.10008.5.1.4.1.1.481.11";
    /** RT Radiation Set Storage */
    public static final String RTRadiationSetStorage = "1.2.840.10008.5.1.4.1.1.481.12";
    /** C-Arm Photon-Electron Radiation Storage */
    public static final String CArmPhotonElectronRadiationStorage = "1.2.840.10008.5.1.4.1.1.481.13";
    /** Tomotherapeutic Radiation Storage */
    public static final String TomotherapeuticRadiationStorage = "1.2.840.10008.5.1.4.1.1.481.14";
    /** Robotic-Arm Radiation Storage */
    public static final String RoboticArmRadiationStorage = "1.2.840.10008.5.1.4.1.1.481.15";
    /** RT Radiation Record Set Storage */
    public static final String RTRadiationRecordSetStorage = "1.2.840.10008.5.1.4.1.1.481.16";
    /** RT Radiation Salvage Record Storage */
    public static final String RTRadiationSalvageRecordStorage = "1.2.840.10008.5.1.4.1.1.481.17";
    /** Tomotherapeutic Radiation Record Storage */
    public static final String TomotherapeuticRadiationRecordStorage = "1.2.840.10008.5.1.4.1.1.481.18";
    /** C-Arm Photon-Electron Radiation Record Storage */
    public static final String CArmPhotonElectronRadiationRecordStorage = "1.2.840.10008.5.1.4.1.1.481.19";
    /** Robotic Radiation Record Storage */
    public static final String RoboticRadiationRecordStorage = "1.2.840.10008.5.1.4.1.1.481.20";
    /** RT Radiation Set Delivery Instruction Storage */
    public static final String RTRadiationSetDeliveryInstructionStorage = "1.2.840.10008.5.1.4.1.1.481.21";
    /** RT Treatment Preparation Storage */
    public static final String RTTreatmentPreparationStorage = "1.2.840.10008.5.1.4.1.1.481.22";
    /** DICOS CT Image Storage */
    public static final String DICOSCTImageStorage = "1.2.840.10008.5.1.4.1.1.501.1";
    /** DICOS Digital X-Ray Image Storage - For Presentation */
    public static final String DICOSDigitalXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.501.2.1";
    /** DICOS Digital X-Ray Image Storage - For Processing */
    public static final String DICOSDigitalXRayImageStorageForProcessing = "1.2.840.10008.5.1.4.1.1.501.2.2";
    /** DICOS Threat Detection Report Storage */
    public static final String DICOSThreatDetectionReportStorage = "1.2.840.10008.5.1.4.1.1.501.3";
    /** DICOS 2D AIT Storage */
    public static final String DICOS2DAITStorage = "1.2.840.10008.5.1.4.1.1.501.4";
    /** DICOS 3D AIT Storage */
    public static final String DICOS3DAITStorage = "1.2.840.10008.5.1.4.1.1.501.5";
    /** DICOS Quadrupole Resonance (QR) Storage */
    public static final String DICOSQuadrupoleResonanceStorage = "1.2.840.10008.5.1.4.1.1.501.6";
    /** Eddy Current Image Storage */
    public static final String EddyCurrentImageStorage = "1.2.840.10008.5.1.4.1.1.601.1";
    /** Eddy Current Multi-frame Image Storage */
    public static final String EddyCurrentMultiFrameImageStorage = "1.2.840.10008.5.1.4.1.1.601.2";
    /** RT Beams Delivery Instruction Storage */
    public static final String RTBeamsDeliveryInstructionStorage = "1.2.840.10008.5.1.4.34.7";
    /** RT Brachy Application Setup Delivery Instruction Storage */
    public static final String RTBrachyApplicationSetupDeliveryInstructionStorage = "1.2.840.10008.5.1.4.34.10";

    private static final Set<String> STORAGE_SOP_CLASSES = Set.of(
            ComputedRadiographyImageStorage,
            DigitalXRayImageStorageForPresentation,
            DigitalXRayImageStorageForProcessing,
            DigitalMammographyXRayImageStorageForPresentation,
            DigitalMammographyXRayImageStorageForProcessing,
            DigitalIntraOralXRayImageStorageForPresentation,
            DigitalIntraOralXRayImageStorageForProcessing,
            CTImageStorage,
            EnhancedCTImageStorage,
            LegacyConvertedEnhancedCTImageStorage,
            UltrasoundMultiFrameImageStorageRetired,
            UltrasoundMultiFrameImageStorage,
            MRImageStorage,
            EnhancedMRImageStorage,
            MRSpectroscopyStorage,
            EnhancedMRColorImageStorage,
            LegacyConvertedEnhancedMRImageStorage,
            NuclearMedicineImageStorageRetired,
            UltrasoundImageStorageRetired,
            UltrasoundImageStorage,
            EnhancedUSVolumeStorage,
            SecondaryCaptureImageStorage,
            MultiFrameSingleBitSecondaryCaptureImageStorage,
            MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
            MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
            MultiFrameTrueColorSecondaryCaptureImageStorage,
            StandaloneOverlayStorage,
            StandaloneCurveStorage,
            WaveformStorageTrial,
            TwelveLeadECGWaveformStorage,
            GeneralECGWaveformStorage,
            AmbulatoryECGWaveformStorage,
            HemodynamicWaveformStorage,
            CardiacElectrophysiologyWaveformStorage,
            BasicVoiceAudioWaveformStorage,
            GeneralAudioWaveformStorage,
            ArterialPulseWaveformStorage,
            RespiratoryWaveformStorage,
            MultichannelRespiratoryWaveformStorage,
            RoutineScalpElectroencephalogramWaveformStorage,
            ElectromyogramWaveformStorage,
            ElectrooculogramWaveformStorage,
            SleepElectroencephalogramWaveformStorage,
            BodyPositionWaveformStorage,
            StandaloneModalityLUTStorage,
            StandaloneVOILUTStorage,
            GrayscaleSoftcopyPresentationStateStorage,
            ColorSoftcopyPresentationStateStorage,
            PseudoColorSoftcopyPresentationStateStorage,
            BlendingSoftcopyPresentationStateStorage,
            XAXRFGrayscaleSoftcopyPresentationStateStorage,
            GrayscalePlanarMPRVolumetricPresentationStateStorage,
            CompositingPlanarMPRVolumetricPresentationStateStorage,
            AdvancedBlendingPresentationStateStorage,
            VolumeRenderingVolumetricPresentationStateStorage,
            SegmentedVolumeRenderingVolumetricPresentationStateStorage,
            MultipleVolumeRenderingVolumetricPresentationStateStorage,
            XRayAngiographicImageStorage,
            EnhancedXAImageStorage,
            XRayRadiofluoroscopicImageStorage,
            EnhancedXRFImageStorage,
            XRayAngiographicBiPlaneImageStorage,
            XRay3DAngiographicImageStorage,
            XRay3DCraniofacialImageStorage,
            BreastTomosynthesisImageStorage,
            BreastProjectionXRayImageStorageForPresentation,
            BreastProjectionXRayImageStorageForProcessing,
            IntravascularOpticalCoherenceTomographyImageStorageForPresentation,
            IntravascularOpticalCoherenceTomographyImageStorageForProcessing,
            NuclearMedicineImageStorage,
            ParametricMapStorage,
            RawDataStorage,
            SpatialRegistrationStorage,
            SpatialFiducialsStorage,
            DeformableSpatialRegistrationStorage,
            SegmentationStorage,
            SurfaceSegmentationStorage,
            TractographyResultsStorage,
            RealWorldValueMappingStorage,
            SurfaceScanMeshStorage,
            SurfaceScanPointCloudStorage,
            VLImageStorageTrial,
            VLMultiFrameImageStorageTrial,
            VLEndoscopicImageStorage,
            VideoEndoscopicImageStorage,
            VLMicroscopicImageStorage,
            VideoMicroscopicImageStorage,
            VLSlideCoordinatesMicroscopicImageStorage,
            VLPhotographicImageStorage,
            VideoPhotographicImageStorage,
            OphthalmicPhotography8BitImageStorage,
            OphthalmicPhotography16BitImageStorage,
            StereometricRelationshipStorage,
            OphthalmicTomographyImageStorage,
            WideFieldOphthalmicPhotographyStereographicProjectionImageStorage,
            WideFieldOphthalmicPhotography3DCoordinatesImageStorage,
            OphthalmicOpticalCoherenceTomographyEnFaceImageStorage,
            OphthalmicOpticalCoherenceTomographyBscanVolumeAnalysisStorage,
            VLWholeSlideMicroscopyImageStorage,
            DermoscopicPhotographyImageStorage,
            LensometryMeasurementsStorage,
            AutorefractionMeasurementsStorage,
            KeratometryMeasurementsStorage,
            SubjectiveRefractionMeasurementsStorage,
            VisualAcuityMeasurementsStorage,
            SpectaclePrescriptionReportStorage,
            OphthalmicAxialMeasurementsStorage,
            IntraocularLensCalculationsStorage,
            MacularGridThicknessAndVolumeReportStorage,
            OphthalmicVisualFieldStaticPerimetryMeasurementsStorage,
            OphthalmicThicknessMapStorage,
            CornealTopographyMapStorage,
            TextSRStorageTrial,
            AudioSRStorageTrial,
            DetailSRStorageTrial,
            ComprehensiveSRStorageTrial,
            BasicTextSRStorage,
            EnhancedSRStorage,
            ComprehensiveSRStorage,
            Comprehensive3DSRStorage,
            ExtensibleSRStorage,
            ProcedureLogStorage,
            MammographyCADSRStorage,
            KeyObjectSelectionDocumentStorage,
            ChestCADSRStorage,
            XRayRadiationDoseSRStorage,
            RadiopharmaceuticalRadiationDoseSRStorage,
            ColonCADSRStorage,
            ImplantationPlanSRStorage,
            AcquisitionContextSRStorage,
            SimplifiedAdultEchoSRStorage,
            PatientRadiationDoseSRStorage,
            PlannedImagingAgentAdministrationSRStorage,
            PerformedImagingAgentAdministrationSRStorage,
            EnhancedXRayRadiationDoseSRStorage,
            ContentAssessmentResultsStorage,
            MicroscopyBulkSimpleAnnotationsStorage,
            EncapsulatedPDFStorage,
            EncapsulatedCDAStorage,
            EncapsulatedSTLStorage,
            EncapsulatedOBJStorage,
            EncapsulatedMTLStorage,
            PositronEmissionTomographyImageStorage,
            LegacyConvertedEnhancedPETImageStorage,
            StandalonePETCurveStorage,
            EnhancedPETImageStorage,
            BasicStructuredDisplayStorage,
            CTDefinedProcedureProtocolStorage,
            CTPerformedProcedureProtocolStorage,
            ProtocolApprovalStorage,
            XADefinedProcedureProtocolStorage,
            XAPerformedProcedureProtocolStorage,
            RTImageStorage,
            RTDoseStorage,
            RTStructureSetStorage,
            RTBeamsTreatmentRecordStorage,
            RTPlanStorage,
            RTBrachyTreatmentRecordStorage,
            RTTreatmentSummaryRecordStorage,
            RTIonPlanStorage,
            RTIonBeamsTreatmentRecordStorage,
            RTPhysicianIntentStorage,
            RTSegmentAnnotationStorage,
            RTRadiationSetStorage,
            CArmPhotonElectronRadiationStorage,
            TomotherapeuticRadiationStorage,
            RoboticArmRadiationStorage,
            RTRadiationRecordSetStorage,
            RTRadiationSalvageRecordStorage,
            TomotherapeuticRadiationRecordStorage,
            CArmPhotonElectronRadiationRecordStorage,
            RoboticRadiationRecordStorage,
            RTRadiationSetDeliveryInstructionStorage,
            RTTreatmentPreparationStorage,
            DICOSCTImageStorage,
            DICOSDigitalXRayImageStorageForPresentation,
            DICOSDigitalXRayImageStorageForProcessing,
            DICOSThreatDetectionReportStorage,
            DICOS2DAITStorage,
            DICOS3DAITStorage,
            DICOSQuadrupoleResonanceStorage,
            EddyCurrentImageStorage,
            EddyCurrentMultiFrameImageStorage,
            RTBeamsDeliveryInstructionStorage,
            RTBrachyApplicationSetupDeliveryInstructionStorage
    );

    private UID() {
    }

    /** Whether {@code uid} is a Storage SOP Class of PS3.4 Annex B, the ones a Storage SCP accepts. */
    public static boolean isStorageSopClass(String uid) {
        return uid != null && STORAGE_SOP_CLASSES.contains(uid);
    }

    /** Every Storage SOP Class of PS3.4 Annex B known here. */
    public static Set<String> storageSopClasses() {
        return STORAGE_SOP_CLASSES;
    }
}
