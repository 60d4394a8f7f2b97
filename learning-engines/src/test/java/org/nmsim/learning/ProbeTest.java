package org.nmsim.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.UserChips;

/** Probes: what the cores hand to their sinks, counted by hand, and the same for any worker count. */
@Timeout(60)
class ProbeTest
{
    private static final int T = 4;
    private static final double[] X = {0.9, 0.0, 0.4, 1.0, 0.0, 0.7};

    /** One record as the host sink receives it. */
    private record Rec(long time, int neuron, double value)
    {
    }

    /** Collects records on the host thread. */
    private static final class ListSink implements ProbeSink
    {
        final List<Rec> records = new ArrayList<>();

        @Override
        public void record(final long time, final int neuron, final double value)
        {
            records.add(new Rec(time, neuron, value));
        }
    }

    /** 8 compartments per core: h1 (20 neurons) spreads over 3 cores, so the host merges 3 buffers. */
    private static ChipSpec tinyCores()
    {
        return UserChips.fromMap(Map.of("base", "spinnaker2", "name", "tiny-cores", "compartments_per_core", 8));
    }

    private static MlpChip.Builder builder(final int workers)
    {
        return MlpChip.builder(6, 20, 3).hyper(OnlineHyper.paperDefaults(LearningMethod.DFA, T, 0.05))
            .chip(tinyCores()).seed(7).workers(workers);
    }

    private static void run(final MlpChip chip)
    {
        chip.trainSample(X, 1);
        chip.trainSample(X, 2);
        chip.predict(X);
    }

    @Test
    void shouldRecordTheCountsAndValuesComputedByHand()
    {
        final ListSink hU = new ListSink();
        final ListSink hSpikes = new ListSink();
        final ListSink outU = new ListSink();
        final ListSink inTrace = new ListSink();
        final ListSink inSpikes = new ListSink();
        try (MlpChip chip = builder(2)
            .probe(new ProbeSpec("h1", ProbeSpec.Variable.U, null, 2, new int[] {0, 2}), hU)
            .probe(new ProbeSpec("h1", ProbeSpec.Variable.SPIKES, null, 1, null), hSpikes)
            .probe(new ProbeSpec("readout", ProbeSpec.Variable.U, null, 1, new int[] {1}), outU)
            .probe(new ProbeSpec("input", ProbeSpec.Variable.TRACE, new int[] {0, 5}, 1, new int[] {0}), inTrace)
            .probe(new ProbeSpec("input", ProbeSpec.Variable.SPIKES, null, 1, new int[] {0}), inSpikes)
            .build())
        {
            final double[] w0 = chip.weights(0);
            run(chip);
            // h1 u: samples 0 and 2, times sample*T + t-1 that are multiples of 2 -> 2 per sample, 20 neurons each
            assertEquals(2 * 2 * 20, hU.records.size());
            assertEquals(List.of(0L, 2L, 8L, 10L), hU.records.stream().map(Rec::time).distinct().toList());
            // u^1[1] = W^0 x + b (b = 0 before the first update)
            for (int j = 0; j < 20; j++)
            {
                double expected = 0;
                for (int i = 0; i < 6; i++)
                {
                    expected += w0[j * 6 + i] * X[i];
                }
                final Rec r = hU.records.get(j);
                assertEquals(0L, r.time());
                assertEquals(j, r.neuron());
                assertEquals(expected, r.value(), 1e-12, "u of neuron " + j);
            }
            // every spike the h1 cores sent, and nothing else: the kernel's msg.spike counter
            final long spikes = chip.messages().get(MessageClass.SPIKE.ordinal()).count();
            assertEquals(spikes, hSpikes.records.size());
            assertTrue(spikes > 0, "the net spikes");
            assertTrue(hSpikes.records.stream().allMatch(r -> r.value() == 1.0));
            // readout u: sample 1 only, every step, 3 classes
            assertEquals(T * 3, outU.records.size());
            assertTrue(outU.records.stream().allMatch(r -> r.time() >= T && r.time() < 2 * T));
            // input trace ahat^0 of neurons 0 and 5 in sample 0: ahat[t] = 0.5 ahat[t-1] + x (MODEL.md), i.e.
            // x, 1.5 x, 1.75 x, 1.875 x, computed in the core's order of operations
            assertEquals(T * 2, inTrace.records.size());
            double a0 = 0;
            double a5 = 0;
            for (int t = 0; t < T; t++)
            {
                a0 = 0.5 * a0 + X[0];
                a5 = 0.5 * a5 + X[5];
                assertEquals(new Rec(t, 0, a0), inTrace.records.get(2 * t));
                assertEquals(new Rec(t, 5, a5), inTrace.records.get(2 * t + 1));
            }
            // input spikes: the 4 nonzero inputs, every step of sample 0, with their values
            assertEquals(4 * T, inSpikes.records.size());
            assertEquals(new Rec(0, 3, 1.0), inSpikes.records.get(2));
            for (final ListSink s : List.of(hU, hSpikes, outU, inTrace, inSpikes))
            {
                for (int i = 1; i < s.records.size(); i++)
                {
                    final Rec a = s.records.get(i - 1);
                    final Rec b = s.records.get(i);
                    assertTrue(a.time() < b.time() || (a.time() == b.time() && a.neuron() < b.neuron()),
                        "records sorted by (time, neuron): " + a + " then " + b);
                }
            }
        }
    }

    @Test
    void shouldRecordTheSameForOneTwoAndFourWorkers()
    {
        List<Rec> first = null;
        for (final int workers : new int[] {1, 2, 4})
        {
            final ListSink spikes = new ListSink();
            final ListSink u = new ListSink();
            try (MlpChip chip = builder(workers)
                .probe(new ProbeSpec("h1", ProbeSpec.Variable.SPIKES, null, 1, null), spikes)
                .probe(new ProbeSpec("h1", ProbeSpec.Variable.U, null, 1, null), u).build())
            {
                run(chip);
            }
            final List<Rec> all = new ArrayList<>(spikes.records);
            all.addAll(u.records);
            if (first == null)
            {
                first = all;
            }
            else
            {
                assertEquals(first, all, "records with " + workers + " workers (seed 7)");
            }
        }
    }

    @Test
    void shouldNameTheProblemOfAProbeThatDoesNotFitTheNetwork()
    {
        final IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> builder(1)
            .probe(new ProbeSpec("h2", ProbeSpec.Variable.U, null, 1, null), new ListSink()).build());
        assertEquals("probe h2-u: population=h2 is unknown (known: input, h1, readout)", a.getMessage());
        final IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> builder(1)
            .probe(new ProbeSpec("readout", ProbeSpec.Variable.SPIKES, null, 1, null), new ListSink()).build());
        assertEquals("probe readout-spikes: variable=spikes is not available for population readout (available: u, weights)",
            b.getMessage());
        final IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> builder(1)
            .probe(new ProbeSpec("h1", ProbeSpec.Variable.U, new int[] {3, 20}, 1, null), new ListSink()).build());
        assertEquals("probe h1-u: neuron 20 must be < 20 (population h1 has 20 neurons)", c.getMessage());
    }

    @Test
    void shouldRecordChosenWeightsAfterEachTrainedSample()
    {
        // h1 holds W^0 (6 x 20) over 3 cores; the probed synapses [pre, post] = [0, 0], [5, 9], [2, 19] have record
        // ids pre * 20 + post = 0, 109, 59 and live on cores h1[0:7), h1[7:14), h1[14:20). The readout's [19, 2] is
        // id 19 * 3 + 2 = 59. Weights change only when learning: 2 trained samples give 2 records per synapse,
        // timed at each sample's last step (T - 1 and 2T - 1), and predict() records nothing.
        final ListSink h1 = new ListSink();
        final ListSink out = new ListSink();
        try (MlpChip chip = builder(2)
            .probe(new ProbeSpec("h1", ProbeSpec.Variable.WEIGHTS, new int[] {0, 59, 109}, 1, null), h1)
            .probe(new ProbeSpec("readout", ProbeSpec.Variable.WEIGHTS, new int[] {59}, 1, null), out).build())
        {
            run(chip);
            assertEquals(6, h1.records.size(), h1.records.toString());
            assertEquals(List.of(T - 1L, T - 1L, T - 1L, 2L * T - 1, 2L * T - 1, 2L * T - 1),
                h1.records.stream().map(Rec::time).toList());
            // within one time, records come in core order (the post slices), then in the probe's id order
            assertEquals(List.of(0, 109, 59, 0, 109, 59), h1.records.stream().map(Rec::neuron).toList());
            final double[] w0 = chip.weights(0);
            // after the last sample: W^0 as [post][pre], so synapse (pre, post) is w0[post * 6 + pre]
            assertEquals(w0[0 * 6 + 0], h1.records.get(3).value());
            assertEquals(w0[9 * 6 + 5], h1.records.get(4).value());
            assertEquals(w0[19 * 6 + 2], h1.records.get(5).value());
            assertEquals(2, out.records.size());
            assertEquals(chip.weights(1)[2 * 20 + 19], out.records.get(1).value());
        }
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder(1)
            .probe(new ProbeSpec("h1", ProbeSpec.Variable.WEIGHTS, new int[] {120}, 1, null), new ListSink()).build());
        assertEquals("probe h1-weights: synapse id 120 must be < 120 (6 x 20 weights into h1)", e.getMessage());
    }
}
