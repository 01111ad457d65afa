package org.medbroker.connectors.dicom.data;

/**
 * DICOM data element tags (PS3.5 7.1) as {@code int}s: group in the high 16 bits, element in the low
 * 16 bits, so {@code (0010,0010)} is {@code 0x00100010}. Constants carry the PS3.6 keyword as name.
 */
public final class Tag {

    // Command set, PS3.7 E.1 (always Implicit VR Little Endian)
    public static final int CommandGroupLength = 0x00000000;
    public static final int AffectedSOPClassUID = 0x00000002;
    public static final int RequestedSOPClassUID = 0x00000003;
    public static final int CommandField = 0x00000100;
    public static final int MessageID = 0x00000110;
    public static final int MessageIDBeingRespondedTo = 0x00000120;
    public static final int MoveDestination = 0x00000600;
    public static final int Priority = 0x00000700;
    public static final int CommandDataSetType = 0x00000800;
    public static final int Status = 0x00000900;
    public static final int OffendingElement = 0x00000901;
    public static final int ErrorComment = 0x00000902;
    public static final int ErrorID = 0x00000903;
    public static final int AffectedSOPInstanceUID = 0x00001000;
    public static final int RequestedSOPInstanceUID = 0x00001001;
    public static final int EventTypeID = 0x00001002;
    public static final int AttributeIdentifierList = 0x00001005;
    public static final int ActionTypeID = 0x00001008;
    public static final int NumberOfRemainingSuboperations = 0x00001020;
    public static final int NumberOfCompletedSuboperations = 0x00001021;
    public static final int NumberOfFailedSuboperations = 0x00001022;
    public static final int NumberOfWarningSuboperations = 0x00001023;
    public static final int MoveOriginatorApplicationEntityTitle = 0x00001030;
    public static final int MoveOriginatorMessageID = 0x00001031;

    // File Meta Information, PS3.10 7.1 (always Explicit VR Little Endian)
    public static final int FileMetaInformationGroupLength = 0x00020000;
    public static final int FileMetaInformationVersion = 0x00020001;
    public static final int MediaStorageSOPClassUID = 0x00020002;
    public static final int MediaStorageSOPInstanceUID = 0x00020003;
    public static final int TransferSyntaxUID = 0x00020010;
    public static final int ImplementationClassUID = 0x00020012;
    public static final int ImplementationVersionName = 0x00020013;
    public static final int SourceApplicationEntityTitle = 0x00020016;
    public static final int SendingApplicationEntityTitle = 0x00020017;
    public static final int ReceivingApplicationEntityTitle = 0x00020018;
    public static final int PrivateInformationCreatorUID = 0x00020100;
    public static final int PrivateInformation = 0x00020102;

    // SOP Common, general study/series/instance, query/retrieve
    public static final int SpecificCharacterSet = 0x00080005;
    public static final int ImageType = 0x00080008;
    public static final int InstanceCreationDate = 0x00080012;
    public static final int InstanceCreationTime = 0x00080013;
    public static final int SOPClassUID = 0x00080016;
    public static final int SOPInstanceUID = 0x00080018;
    public static final int StudyDate = 0x00080020;
    public static final int SeriesDate = 0x00080021;
    public static final int AcquisitionDate = 0x00080022;
    public static final int ContentDate = 0x00080023;
    public static final int StudyTime = 0x00080030;
    public static final int SeriesTime = 0x00080031;
    public static final int AcquisitionTime = 0x00080032;
    public static final int ContentTime = 0x00080033;
    public static final int AccessionNumber = 0x00080050;
    public static final int QueryRetrieveLevel = 0x00080052;
    public static final int RetrieveAETitle = 0x00080054;
    public static final int InstanceAvailability = 0x00080056;
    public static final int Modality = 0x00080060;
    public static final int ModalitiesInStudy = 0x00080061;
    public static final int SOPClassesInStudy = 0x00080062;
    public static final int ConversionType = 0x00080064;
    public static final int Manufacturer = 0x00080070;
    public static final int InstitutionName = 0x00080080;
    public static final int ReferringPhysicianName = 0x00080090;
    public static final int StationName = 0x00081010;
    public static final int StudyDescription = 0x00081030;
    public static final int SeriesDescription = 0x0008103E;
    public static final int ManufacturerModelName = 0x00081090;
    public static final int ReferencedStudySequence = 0x00081110;
    public static final int ReferencedSOPClassUID = 0x00081150;
    public static final int ReferencedSOPInstanceUID = 0x00081155;

    public static final int PatientName = 0x00100010;
    public static final int PatientID = 0x00100020;
    public static final int IssuerOfPatientID = 0x00100021;
    public static final int PatientBirthDate = 0x00100030;
    public static final int PatientSex = 0x00100040;
    public static final int OtherPatientIDsSequence = 0x00101002;
    public static final int PatientAge = 0x00101010;
    public static final int PatientWeight = 0x00101030;
    public static final int PatientComments = 0x00104000;

    public static final int BodyPartExamined = 0x00180015;
    public static final int StudyInstanceUID = 0x0020000D;
    public static final int SeriesInstanceUID = 0x0020000E;
    public static final int StudyID = 0x00200010;
    public static final int SeriesNumber = 0x00200011;
    public static final int AcquisitionNumber = 0x00200012;
    public static final int InstanceNumber = 0x00200013;
    public static final int NumberOfStudyRelatedPatients = 0x00201200;
    public static final int NumberOfStudyRelatedSeries = 0x00201206;
    public static final int NumberOfStudyRelatedInstances = 0x00201208;
    public static final int NumberOfSeriesRelatedInstances = 0x00201209;

    // Image Pixel module, PS3.3 C.7.6.3
    public static final int SamplesPerPixel = 0x00280002;
    public static final int PhotometricInterpretation = 0x00280004;
    public static final int PlanarConfiguration = 0x00280006;
    public static final int NumberOfFrames = 0x00280008;
    public static final int Rows = 0x00280010;
    public static final int Columns = 0x00280011;
    public static final int BitsAllocated = 0x00280100;
    public static final int BitsStored = 0x00280101;
    public static final int HighBit = 0x00280102;
    public static final int PixelRepresentation = 0x00280103;

    // Modality Worklist, PS3.4 K.6
    public static final int RequestedProcedureDescription = 0x00321060;
    public static final int ScheduledProcedureStepSequence = 0x00400100;
    public static final int ScheduledStationAETitle = 0x00400001;
    public static final int ScheduledProcedureStepStartDate = 0x00400002;
    public static final int ScheduledProcedureStepStartTime = 0x00400003;
    public static final int ScheduledPerformingPhysicianName = 0x00400006;
    public static final int ScheduledProcedureStepDescription = 0x00400007;
    public static final int ScheduledProcedureStepID = 0x00400009;
    public static final int RequestedProcedureID = 0x00401001;

    public static final int PixelData = 0x7FE00010;
    public static final int FloatPixelData = 0x7FE00008;
    public static final int DoubleFloatPixelData = 0x7FE00009;
    public static final int DataSetTrailingPadding = 0xFFFCFFFC;

    // Item and delimitation tags, PS3.5 7.5
    public static final int Item = 0xFFFEE000;
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;

    private Tag() {
    }

    public static int of(int group, int element) {
        return (group << 16) | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** {@code (gggg,0000)}: group length elements are retired outside groups 0000 and 0002 (PS3.5 7.2). */
    public static boolean isGroupLength(int tag) {
        return (tag & 0xFFFF) == 0;
    }

    /** Odd group other than 0001, 0003, 0005, 0007 and FFFF (PS3.5 7.8). */
    public static boolean isPrivate(int tag) {
        int group = tag >>> 16;
        return (group & 1) != 0 && group > 0x0007 && group != 0xFFFF;
    }

    /** {@code (gggg,0010-00FF)} in a private group reserves a block of elements (PS3.5 7.8.1). */
    public static boolean isPrivateCreator(int tag) {
        int element = tag & 0xFFFF;
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    /** Item, Item Delimitation and Sequence Delimitation carry no VR even in explicit VR syntaxes. */
    public static boolean isItemOrDelimiter(int tag) {
        return tag == Item || tag == ItemDelimitationItem || tag == SequenceDelimitationItem;
    }

    /** Compares tags as unsigned numbers, the order of data elements in a data set. */
    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }

    /** {@code (gggg,eeee)}, upper-case hex. */
    public static String toString(int tag) {
        char[] out = {'(', 0, 0, 0, 0, ',', 0, 0, 0, 0, ')'};
        for (int i = 0; i < 4; i++) {
            out[1 + i] = HEX[(tag >>> (28 - 4 * i)) & 0xF];
            out[6 + i] = HEX[(tag >>> (12 - 4 * i)) & 0xF];
        }
        return new String(out);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
