package org.nmsim.datasets;

import java.util.ArrayList;
import java.util.List;

/** A sink that records every message, for tests. */
final class Recorded implements EncodedSink
{
    record Message(double time, int neuron, double value)
    {
    }

    final List<Message> messages = new ArrayList<>();

    @Override
    public void accept(final double time, final int neuron, final double value)
    {
        messages.add(new Message(time, neuron, value));
    }
}
