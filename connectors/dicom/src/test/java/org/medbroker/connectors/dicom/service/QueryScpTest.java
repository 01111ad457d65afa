package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.PersonName;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.DimsePeer;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.io.DicomInputStream;
import org.medbroker.connectors.dicom.io.DicomOutputStream;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;

class QueryScpTest {

    static final String STUDY_ROOT = UID.StudyRootQueryRetrieveInformationModelFind;
    static final String MWL = UID.ModalityWorklistInformationModelFind;

    /** Runs queued work when the test says so, so a C-CANCEL can arrive between two matches. */
    private final ArrayDeque<Runnable> work = new ArrayDeque<>();
    private DimsePeer peer;

    @AfterEach
    void close() {
        if (peer != null) {
            peer.close();
        }
    }

    private DimsePeer peer(QueryProvider provider, int maxIdentifierLength) {
        peer = new DimsePeer(List.of(new QueryScp(provider, work::add, maxIdentifierLength)),
                new PresentationContextRq(1, STUDY_ROOT, List.of(UID.ExplicitVRLittleEndian)),
                new PresentationContextRq(3, MWL, List.of(UID.ImplicitVRLittleEndian)));
        return peer;
    }

    private static Attributes patient(String name, String id) {
        Attributes a = new Attributes();
        a.setPersonName(Tag.PatientName, PersonName.parse(name));
        a.setString(Tag.PatientID, VR.LO, id);
        a.setString(Tag.StudyInstanceUID, VR.UI, "1.2." + id.hashCode());
        return a;
    }

    private void find(int pcid, String model, Attributes identifier, TransferSyntax ts) {
        peer.command(pcid, new DimseMessage.CFindRq(7, model, 0));
        peer.dataSet(pcid, DicomOutputStream.encode(identifier, ts, DicomOutputStream.Options.DEFAULT), 64, true);
    }

    private void runWork() {
        while (!work.isEmpty()) {
            work.poll().run();
        }
    }

    @Test
    void sendsOnePendingPerMatchThenSuccess() throws Exception {
        InMemoryQueryProvider provider = new InMemoryQueryProvider()
                .add("STUDY", patient("Smith^John", "A")).add("STUDY", patient("Smithers^Anna", "B"))
                .add("STUDY", patient("Jones^Bob", "C"));
        peer(provider, 4096);
        Attributes q = new Attributes().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                .setString(Tag.PatientName, VR.PN, "SMITH*").setNull(Tag.PatientID, VR.LO);
        find(1, STUDY_ROOT, q, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        runWork();
        List<String> ids = new ArrayList<>();
        DimsePeer.Sent sent;
        while ((sent = peer.next()) != null && Status.isPending(((DimseMessage.CFindRsp) sent.message()).status())) {
            Attributes match = DicomInputStream.decode(sent.dataSet(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            ids.add(match.getString(Tag.PatientID));
            assertThat(match.contains(Tag.StudyInstanceUID)).isFalse();
        }
        assertThat(ids).containsExactly("A", "B");
        assertThat(sent.message()).isEqualTo(new DimseMessage.CFindRsp(7, STUDY_ROOT, Status.SUCCESS, null));
    }

    @Test
    void honoursCCancelBetweenMatchesAndClosesTheStream() {
        AtomicBoolean closed = new AtomicBoolean();
        QueryProvider endless = request -> {
            Iterator<Attributes> it = new Iterator<>() {
                int n;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Attributes next() {
                    if (++n == 3) {
                        peer.command(1, new DimseMessage.CCancelRq(7));
                    }
                    return patient("Many^" + n, "M" + n);
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false).onClose(() -> closed.set(true));
        };
        peer(endless, 4096);
        find(1, STUDY_ROOT, new Attributes().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                .setNull(Tag.PatientID, VR.LO), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        runWork();
        int pending = 0;
        DimsePeer.Sent sent;
        while ((sent = peer.next()) != null && Status.isPending(((DimseMessage.CFindRsp) sent.message()).status())) {
            pending++;
        }
        assertThat(pending).isEqualTo(2);
        assertThat(((DimseMessage.CFindRsp) sent.message()).status()).isEqualTo(Status.CANCEL);
        assertThat(closed).isTrue();
    }

    @Test
    void matchesWorklistItemsWithoutALevel() throws Exception {
        Attributes item = patient("Doe^Jane", "W1");
        Attributes sps = item.newSequence(Tag.of(0x0040, 0x0100)).addItem();
        sps.setString(Tag.Modality, VR.CS, "MR");
        peer(new InMemoryQueryProvider().add(QueryRequest.WORKLIST, item), 4096);
        Attributes q = new Attributes().setNull(Tag.PatientName, VR.PN);
        q.newSequence(Tag.of(0x0040, 0x0100)).addItem().setString(Tag.Modality, VR.CS, "MR");
        find(3, MWL, q, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        runWork();
        DimsePeer.Sent match = peer.next();
        Attributes r = DicomInputStream.decode(match.dataSet(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(r.getString(Tag.PatientName)).isEqualTo("Doe^Jane");
        assertThat(((DimseMessage.CFindRsp) peer.next().message()).status()).isEqualTo(Status.SUCCESS);
    }

    @Test
    void refusesALevelOutsideTheModel() {
        peer(new InMemoryQueryProvider(), 4096);
        find(1, STUDY_ROOT, new Attributes().setString(Tag.QueryRetrieveLevel, VR.CS, "PATIENT"),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(((DimseMessage.CFindRsp) peer.next().message()).status())
                .isEqualTo(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS);
        assertThat(work).isEmpty();
    }

    @Test
    void refusesAnIdentifierAboveTheLimit() {
        peer(new InMemoryQueryProvider(), 16);
        find(1, STUDY_ROOT, new Attributes().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                .setString(Tag.PatientName, VR.PN, "A-very-long-name-indeed"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(((DimseMessage.CFindRsp) peer.next().message()).status()).isEqualTo(Status.OUT_OF_RESOURCES);
    }

    @ParameterizedTest
    @MethodSource("providerFailures")
    void answersUnableToProcessWhenTheProviderFails(Throwable failure) {
        peer(request -> {
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }, 4096);
        find(1, STUDY_ROOT, new Attributes().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY"),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        runWork();
        assertThat(((DimseMessage.CFindRsp) peer.next().message()).status()).isEqualTo(Status.UNABLE_TO_PROCESS);
    }

    /** A failing index, and an Error such as a class missing from a broken deployment. */
    static Stream<Throwable> providerFailures() {
        return Stream.of(new IllegalStateException("index down"),
                new NoClassDefFoundError("a class missing from a broken deployment"));
    }
}
