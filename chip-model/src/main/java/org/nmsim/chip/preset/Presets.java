package org.nmsim.chip.preset;

import static org.nmsim.chip.preset.Sourced.assumed;
import static org.nmsim.chip.preset.Sourced.of;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.nmsim.chip.message.GradedPacketDescriptor;
import org.nmsim.chip.message.LoihiSpikeDescriptor;
import org.nmsim.chip.message.MessageFormat;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.message.SpiNNakerPacketDescriptor;
import org.nmsim.chip.noc.ChipMesh;

/**
 * The built-in chips: {@code loihi1}, {@code loihi2}, {@code spinnaker1}, {@code spinnaker2}. Every figure carries
 * its HARDWARE.md source; figures HARDWARE.md marks unconfirmed, derived values and modelling choices are flagged as
 * assumptions.
 *
 * <p>Threading: stateless, thread safe; every call builds a fresh (immutable) spec.
 */
public final class Presets
{
    /** Names of the built-in presets. */
    public static final List<String> NAMES = List.of("loihi1", "loihi2", "spinnaker1", "spinnaker2");

    static final String LOIHI = "HARDWARE.md, Intel Loihi (Davies et al., IEEE Micro 38(1), 2018)";
    static final String LOIHI2 = "HARDWARE.md, Intel Loihi 2 (Orchard et al. 2021, arXiv 2111.03746)";
    static final String SPINN1 = "HARDWARE.md, SpiNNaker 1 (Furber et al. 2014; spinnaker.h; sPyNNaker)";
    static final String SPINN2 = "HARDWARE.md, SpiNNaker 2 (datasheet v0.03, 2021; Hoppner et al. arXiv 2103.08392)";

    /** 128 KB = 128 * 1024 bytes * 8 bits = 1,048,576 bits (= 2^20; KB read as 1,024 bytes). */
    static final long BITS_128_KB = 128L * 1024 * 8;
    /** 128 MB = 128 * 2^20 bytes * 8 bits = 1,073,741,824 bits. */
    static final long BITS_128_MB = 128L * 1024 * 1024 * 8;
    /** Marker for "no published limit". */
    static final int UNLIMITED = Integer.MAX_VALUE;

    private Presets()
    {
    }

    /**
     * @param name a preset name from {@link #NAMES}.
     * @return the preset.
     * @throws IllegalArgumentException naming the unknown preset and the known ones.
     */
    public static ChipSpec byName(final String name)
    {
        switch (name)
        {
            case "loihi1":
                return loihi1();
            case "loihi2":
                return loihi2();
            case "spinnaker1":
                return spinnaker1();
            case "spinnaker2":
                return spinnaker2();
            default:
                throw new IllegalArgumentException("chip preset '" + name + "' is unknown (known: " + NAMES + ")");
        }
    }

    /** @return Intel Loihi (2018). */
    public static ChipSpec loihi1()
    {
        final Map<MessageKind, MessageFormat> msgs = new EnumMap<>(MessageKind.class);
        msgs.put(MessageKind.BINARY_SPIKE, new MessageFormat(MessageKind.BINARY_SPIKE, LoihiSpikeDescriptor.SIZE_BITS,
            0, LoihiSpikeDescriptor.SIZE_SOURCE, false));
        msgs.put(MessageKind.BURST, new MessageFormat(MessageKind.BURST, LoihiSpikeDescriptor.SIZE_BITS, 0,
            "assumption: a burst is a train of 32-bit spike messages; without signed spikes a negative value needs a"
                + " neuron pair (paper 000, App. D.1)", true));
        return new ChipSpec("loihi1", "loihi1",
            of(128, LOIHI + ": 128 neuromorphic cores per chip"),
            loihiMesh(LOIHI),
            of(1024, LOIHI + ": 1,024 compartments per core"),
            of(BITS_128_KB, LOIHI + ": synaptic state up to 128 KB per core = 128*1024*8 = 1,048,576 bits"),
            of(4096, LOIHI + ": fan-in up to 4,096 input axon lists per core"),
            of(4096, LOIHI + ": fan-out up to 4,096 core-to-core edges per core"),
            assumed(UNLIMITED, "assumption: Loihi routes by destination address in the message (dimension order); no"
                + " per-router table is published, the binding limit is fan-out per core"),
            of(1, LOIHI + ": weights 1 to 9 bits"),
            of(9, LOIHI + ": weights 1 to 9 bits"),
            of(true, LOIHI + ": weights signed or unsigned"),
            of(true, LOIHI + ": weights signed or unsigned"),
            of(6, LOIHI + ": delay field 6 bit"),
            msgs,
            of(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.SHIFT, PlasticityOp.RANDOM), LOIHI
                + ": sum-of-products rules (add, multiply) whose product scales are powers of two (shift), with"
                + " stochastic rounding (random)"),
            of(0, LOIHI + ": spike message only; graded spikes are a Loihi 2 feature"),
            assumed(false, "assumption: HARDWARE.md lists only the 32-bit spike message for Loihi"),
            of(EngineKind.SUM_OF_PRODUCTS, LOIHI + ": sum-of-products learning engine"),
            assumed(1e-3, "assumption: a Loihi step has no fixed duration (global algorithmic step with a barrier);"
                + " 1 ms assumed for static energy"),
            assumed(0.0, "assumption: static power not in HARDWARE.md; 0 W until overridden"));
    }

    /** @return Intel Loihi 2 (2021); many figures are unconfirmed and flagged. */
    public static ChipSpec loihi2()
    {
        final GradedPacketDescriptor g = GradedPacketDescriptor.LOIHI2;
        final Map<MessageKind, MessageFormat> msgs = new EnumMap<>(MessageKind.class);
        msgs.put(MessageKind.BINARY_SPIKE, new MessageFormat(MessageKind.BINARY_SPIKE, LoihiSpikeDescriptor.SIZE_BITS,
            0, "assumption: Loihi 2 binary spike assumed equal to Loihi's 32-bit message", true));
        msgs.put(MessageKind.GRADED_SPIKE, g.format());
        msgs.put(MessageKind.SIGNED_SPIKE, new MessageFormat(MessageKind.SIGNED_SPIKE, g.sizeBits(), g.payloadBits(),
            "assumption: a signed spike is a graded spike with payload +1/-1; " + g.source(), true));
        msgs.put(MessageKind.BURST, new MessageFormat(MessageKind.BURST, g.sizeBits(), g.payloadBits(),
            "assumption: each burst spike is a signed (graded) spike; " + g.source(), true));
        return new ChipSpec("loihi2", "loihi2",
            of(128, LOIHI2 + ": 128 neuron cores per chip"),
            loihiMesh("assumption: Loihi 2 tile arrangement assumed equal to Loihi's"),
            assumed(8192, LOIHI2 + ": about 8,192 neurons per core, UNCONFIRMED"),
            assumed(BITS_128_KB, LOIHI2 + ": 128 KB to 192 KB per core, UNCONFIRMED; lower bound 128 KB ="
                + " 1,048,576 bits"),
            assumed(4096, "assumption: Loihi 2 fan-in not in HARDWARE.md; Loihi's 4,096 reused"),
            assumed(4096, "assumption: Loihi 2 fan-out not in HARDWARE.md; Loihi's 4,096 reused"),
            assumed(UNLIMITED, "assumption: routing by destination address as in Loihi; no router table published"),
            assumed(1, "assumption: Loihi 2 weight widths not in HARDWARE.md; Loihi's 1 to 9 bits reused"),
            assumed(9, "assumption: Loihi 2 weight widths not in HARDWARE.md; Loihi's 1 to 9 bits reused"),
            assumed(true, "assumption: as Loihi"),
            assumed(true, "assumption: as Loihi"),
            assumed(6, "assumption: Loihi 2 delay field not in HARDWARE.md; Loihi's 6 bits reused"),
            msgs,
            assumed(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.SHIFT, PlasticityOp.RANDOM),
                LOIHI2 + ": microcode-programmable neurons, three-factor learning; the op set is an assumption"
                    + " (exp/log/divide/sqrt not confirmed)"),
            assumed(g.payloadBits(), g.source()),
            assumed(true, LOIHI2 + ": graded (integer-valued) spikes can carry a sign (assumption)"),
            of(EngineKind.PROGRAMMABLE, LOIHI2 + ": microcode-programmable neurons (ARCHITECTURE.md: Loihi 2"
                + " microcode is a programmable engine)"),
            assumed(1e-3, "assumption: a Loihi 2 step has no fixed duration; 1 ms assumed for static energy"),
            assumed(0.0, "assumption: static power not in HARDWARE.md (Hala Point: 2,600 W max for 1,152 chips bounds"
                + " total power at about 2.26 W per chip); 0 W until overridden"));
    }

    /** @return SpiNNaker 1 (2014). */
    public static ChipSpec spinnaker1()
    {
        return new ChipSpec("spinnaker1", "spinnaker1",
            of(18, SPINN1 + ": 18 ARM968 cores per chip"),
            assumed(new ChipMesh(1, 1, 18), "assumption: one router per chip, all 18 cores behind it; chips joined"
                + " as a 2D mesh (the real board is a 6-link triangular torus)"),
            assumed(256, "assumption: neurons per core not in HARDWARE.md; 256 assumed (a common sPyNNaker limit)"),
            assumed(BITS_128_MB / 18, SPINN1 + ": 128 MB shared SDRAM holds the synaptic rows; an even share per"
                + " core is assumed: 128*2^20*8/18 = 59,652,323 bits (DTCM 64 KB holds neuron state)"),
            assumed(UNLIMITED, "assumption: no fan-in limit in HARDWARE.md; bounded by memory"),
            assumed(UNLIMITED, "assumption: no fan-out limit in HARDWARE.md; bounded by routing entries"),
            of(1023, SPINN1 + ": 1,024 multicast router entries, 1,023 for applications"),
            of(16, SPINN1 + ": synaptic word weight field 16 bits"),
            of(16, SPINN1 + ": synaptic word weight field 16 bits"),
            assumed(false, "assumption: sign carried by the synapse type field, weights stored unsigned"),
            of(true, SPINN1 + ": 16-bit weight field"),
            of(4, SPINN1 + ": synaptic word delay field 4 bits"),
            spinnakerMessages(SpiNNakerPacketDescriptor.SIZE_SOURCE, false),
            of(EnumSet.allOf(PlasticityOp.class), SPINN1 + ": programmable ARM968 cores (every op in software; no"
                + " FPU, no hardware divide)"),
            of(SpiNNakerPacketDescriptor.PAYLOAD_BITS, SpiNNakerPacketDescriptor.SIZE_SOURCE),
            assumed(true, "assumption: a signed spike is a 40-bit packet with the sign in the routing key"),
            of(EngineKind.PROGRAMMABLE, SPINN1 + ": programmable ARM cores"),
            of(1e-3, SPINN1 + ": default time step 1 ms"),
            assumed(0.0, "assumption: static power not in HARDWARE.md (Stromatias et al. 2013: under 1 W per chip in"
                + " total); 0 W until overridden"));
    }

    /** @return SpiNNaker 2 (2021). */
    public static ChipSpec spinnaker2()
    {
        return new ChipSpec("spinnaker2", "spinnaker2",
            of(152, SPINN2 + ": 152 ARM Cortex-M4F cores per chip"),
            assumed(new ChipMesh(1, 1, 152), "assumption: one router per chip (16,384 entries are per chip), all"
                + " 152 cores behind it; chips joined as a 2D mesh"),
            assumed(256, "assumption: neurons per core not in HARDWARE.md; 256 assumed as for SpiNNaker 1"),
            assumed(BITS_128_KB, SPINN2 + ": 128 KB local SRAM per core = 1,048,576 bits; assumed all usable for"
                + " synapses (it also holds code and neuron state)"),
            assumed(UNLIMITED, "assumption: no fan-in limit in HARDWARE.md; bounded by memory"),
            assumed(UNLIMITED, "assumption: no fan-out limit in HARDWARE.md; bounded by routing entries"),
            of(16_384, SPINN2 + ": 16,384 associative routing entries"),
            assumed(1, "assumption: programmable cores store any width; 1 to 16 bits allowed (8-bit MAC array)"),
            assumed(16, "assumption: programmable cores store any width; 1 to 16 bits allowed"),
            assumed(true, "assumption: programmable cores"),
            assumed(true, "assumption: programmable cores"),
            assumed(4, "assumption: SpiNNaker 1's 4-bit delay field reused"),
            spinnakerMessages("assumption: SpiNNaker 1 packet sizes reused for SpiNNaker 2; "
                + SpiNNakerPacketDescriptor.SIZE_SOURCE, true),
            of(EnumSet.allOf(PlasticityOp.class), SPINN2 + ": programmable Cortex-M4F cores with FPU and exp/log"
                + " accelerators"),
            assumed(SpiNNakerPacketDescriptor.PAYLOAD_BITS, "assumption: SpiNNaker 1's 32-bit payload reused"),
            assumed(true, "assumption: a signed spike is a packet with the sign in the routing key"),
            of(EngineKind.PROGRAMMABLE, SPINN2 + ": programmable ARM cores"),
            assumed(1e-3, "assumption: SpiNNaker 1's 1 ms default time step reused"),
            assumed(0.0, "assumption: static power not in HARDWARE.md; 0 W until overridden"));
    }

    private static Sourced<ChipMesh> loihiMesh(final String prefix)
    {
        return assumed(new ChipMesh(8, 4, 4), prefix + ": 128 cores and barrier sync over '1 to 32 tiles'"
            + " (HARDWARE.md, Loihi Table 2) give 32 tiles of 4 cores; the 8 x 4 tile arrangement is assumed");
    }

    private static Map<MessageKind, MessageFormat> spinnakerMessages(final String source, final boolean assumption)
    {
        final Map<MessageKind, MessageFormat> msgs = new EnumMap<>(MessageKind.class);
        final int s = SpiNNakerPacketDescriptor.SIZE_BITS;
        msgs.put(MessageKind.BINARY_SPIKE, new MessageFormat(MessageKind.BINARY_SPIKE, s, 0, source, assumption));
        msgs.put(MessageKind.SIGNED_SPIKE, new MessageFormat(MessageKind.SIGNED_SPIKE, s, 0,
            "assumption: 40-bit packet, sign in the routing key; " + source, true));
        msgs.put(MessageKind.GRADED_SPIKE, new MessageFormat(MessageKind.GRADED_SPIKE,
            SpiNNakerPacketDescriptor.SIZE_WITH_PAYLOAD_BITS, SpiNNakerPacketDescriptor.PAYLOAD_BITS, source,
            assumption));
        msgs.put(MessageKind.BURST, new MessageFormat(MessageKind.BURST, s, 0,
            "assumption: each burst spike is a 40-bit signed spike; " + source, true));
        return msgs;
    }
}
