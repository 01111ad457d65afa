package org.medbroker.connectors.dicom.association;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/** Writes down what the association tells its upper layer, copying every buffer. */
class RecordingListener implements AssociationListener {

    final List<String> events = new ArrayList<>();
    final List<byte[]> commands = new ArrayList<>();
    final List<byte[]> fragments = new ArrayList<>();
    boolean answerReleaseAtOnce = true;
    volatile Termination termination;

    @Override
    public void onEstablished(Association association) {
        events.add("established");
    }

    @Override
    public void onCommand(Association association, int presentationContextId, ByteBuf command) {
        events.add("command " + presentationContextId);
        commands.add(ByteBufUtil.getBytes(command));
    }

    @Override
    public void onDataFragment(Association association, int presentationContextId, ByteBuf fragment, boolean last) {
        events.add("data " + presentationContextId + (last ? " last" : ""));
        fragments.add(ByteBufUtil.getBytes(fragment));
    }

    @Override
    public void onReleaseRequested(Association association) {
        events.add("release requested");
        if (answerReleaseAtOnce) {
            association.releaseResponse();
        }
    }

    @Override
    public void onClosed(Association association, Termination termination) {
        events.add("closed " + termination);
        this.termination = termination;
    }
}
