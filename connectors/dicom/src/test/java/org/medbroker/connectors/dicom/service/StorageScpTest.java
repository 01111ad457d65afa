package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.io.DicomOutputStream;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.DimsePeer;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;

class StorageScpTest {

    static final String CT = UID.CTImageStorage;

    @TempDir
    Path dir;

    private DimsePeer peer;
    private final AtomicReference<byte[]> fileSeenBySink = new AtomicReference<>();
    private final List<ReceivedObject> objects = new ArrayList<>();

    @AfterEach
    void close() {
        if (peer != null) {
            peer.close();
        }
    }

    private DimsePeer peer(Path tempDir, StorageSink sink) {
        return peer(new StorageScp(tempDir, sink, Runnable::run));
    }

    private DimsePeer peer(StorageScp scp) {
        peer = new DimsePeer(List.of(scp),
                new PresentationContextRq(1, CT, List.of(UID.ExplicitVRBigEndian)),
                new PresentationContextRq(3, CT, List.of(UID.JPEG2000)));
        return peer;
    }

    private StoreResult keep(ReceivedObject o, StoreResult result) throws IOException {
        objects.add(o);
        fileSeenBySink.set(Files.readAllBytes(o.file()));
        return result;
    }

    private DimseMessage.CStoreRsp store(int pcid, byte[] dataSet) {
        peer.command(pcid, new DimseMessage.CStoreRq(1, CT, "1.2.3.4", 0, null, 0));
        peer.dataSet(pcid, dataSet, 100, true);
        return (DimseMessage.CStoreRsp) peer.next().message();
    }

    @Test
    void writesMetaHeaderThenTheDataSetAsReceivedAndAnswersTheSinksResult() throws Exception {
        peer(dir, o -> keep(o, StoreResult.stored()));
        byte[] dataSet = new byte[1001];
        Arrays.fill(dataSet, (byte) 0x5A);
        DimseMessage.CStoreRsp rsp = store(3, dataSet);
        assertThat(rsp).isEqualTo(new DimseMessage.CStoreRsp(1, CT, "1.2.3.4", Status.SUCCESS, null));
        ReceivedObject o = objects.get(0);
        assertThat(o.transferSyntaxUid()).isEqualTo(UID.JPEG2000);
        assertThat(o.callingAeTitle()).isEqualTo("PEER");
        assertThat(o.calledAeTitle()).isEqualTo("SCP");
        assertThat(o.dataSetLength()).isEqualTo(1001);
        byte[] file = fileSeenBySink.get();
        assertThat(new String(file, 128, 4)).isEqualTo("DICM");
        assertThat(new String(file, 132, (int) o.dataSetOffset() - 132)).contains(UID.JPEG2000).contains(CT)
                .contains("1.2.3.4").contains("PEER");
        assertThat(Arrays.copyOfRange(file, (int) o.dataSetOffset(), file.length)).isEqualTo(dataSet);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void answersDuplicateWithItsStatusAndComment() {
        peer(dir, o -> keep(o, StoreResult.of(StoreResult.Outcome.DUPLICATE, "kept the first")));
        DimseMessage.CStoreRsp rsp = store(1, new byte[10]);
        assertThat(rsp.status()).isEqualTo(Status.DUPLICATE_SOP_INSTANCE);
        assertThat(rsp.errorComment()).isEqualTo("kept the first");
    }

    @Test
    void answersOutOfResourcesWhenTheSinkCannotWrite() {
        peer(dir, o -> {
            throw new IOException("No space left on device");
        });
        assertThat(store(1, new byte[10]).status()).isEqualTo(Status.OUT_OF_RESOURCES);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void answersOutOfResourcesWhenTheReceivingDirectoryIsUnusable() {
        peer(dir.resolve("missing"), o -> keep(o, StoreResult.stored()));
        assertThat(store(1, new byte[10]).status()).isEqualTo(Status.OUT_OF_RESOURCES);
        assertThat(objects).isEmpty();
    }

    @Test
    void neverAnswersSuccessWhenTheSinkFailsOrGivesNothing() {
        peer(dir, o -> null);
        assertThat(store(1, new byte[10]).status()).isEqualTo(Status.PROCESSING_FAILURE);
        peer.close();
        peer(dir, o -> {
            throw new IllegalStateException("index down");
        });
        assertThat(store(1, new byte[10]).status()).isEqualTo(Status.PROCESSING_FAILURE);
        peer.close();
        peer(dir, o -> {
            throw new NoClassDefFoundError("a class missing from a broken deployment");
        });
        assertThat(store(1, new byte[10]).status()).isEqualTo(Status.PROCESSING_FAILURE);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void dropsThePartialFileWhenTheAssociationEnds() throws Exception {
        // longer than the kept head: streaming into the file before the last fragment
        peer(new StorageScp(dir, o -> keep(o, StoreResult.stored()), Runnable::run, false, 200));
        peer.command(1, new DimseMessage.CStoreRq(1, CT, "1.2.3.4", 0, null, 0));
        peer.dataSet(1, new byte[500], 100, false);
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
        peer.channel.close();
        assertThat(dir).isEmptyDirectory();
        assertThat(objects).isEmpty();
    }

    @Test
    void keepsASmallDataSetInMemoryUntilItIsCompleteAndWritesNothingWhenTheAssociationEnds() {
        peer(dir, o -> keep(o, StoreResult.stored()));
        peer.command(1, new DimseMessage.CStoreRq(1, CT, "1.2.3.4", 0, null, 0));
        peer.dataSet(1, new byte[500], 100, false);
        assertThat(dir).isEmptyDirectory();
        peer.channel.close();
        assertThat(dir).isEmptyDirectory();
        assertThat(objects).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 64, 200, 1_000, 65_536})
    void fileAndHeaderAreTheSameWhateverPartOfTheDataSetWasKept(int maxHead) throws Exception {
        AtomicReference<Attributes> fromFile = new AtomicReference<>();
        peer(new StorageScp(dir, o -> {
            fromFile.set(Part10.readDatasetUntilPixelData(o.file()).dataset());
            return keep(o, StoreResult.stored());
        }, Runnable::run, true, maxHead));
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4");
        ds.setString(Tag.PatientName, VR.PN, "Doe^John");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[3000]);
        byte[] dataSet = DicomOutputStream.encode(ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, DicomOutputStream.Options.DEFAULT);

        assertThat(store(1, dataSet).status()).isEqualTo(Status.SUCCESS);

        ReceivedObject o = objects.get(0);
        byte[] file = fileSeenBySink.get();
        assertThat(o.dataSetOffset() + o.dataSetLength()).isEqualTo(file.length);
        assertThat(Arrays.copyOfRange(file, (int) o.dataSetOffset(), file.length)).isEqualTo(dataSet);
        assertThat(fromFile.get().getString(Tag.PatientName)).isEqualTo("Doe^John");
        if (maxHead >= 100) {
            // the header ends within the first 100 bytes: it came parsed
            assertThat(o.header()).isEqualTo(fromFile.get());
        } else {
            assertThat(o.header()).isNull();
        }
        assertThat(dir).isEmptyDirectory();
    }
}
