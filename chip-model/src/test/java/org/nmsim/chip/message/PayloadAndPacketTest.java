package org.nmsim.chip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PayloadAndPacketTest
{
    @Test
    void shouldRoundTripSignedPayloadsAtEveryWidth()
    {
        for (int bits = 1; bits <= 32; bits++)
        {
            final long min = GradedPayload.minValue(bits);
            final long max = GradedPayload.maxValue(bits);
            for (final long v : new long[] {min, -1, 0, max})
            {
                final long f = GradedPayload.encode(v, bits, Overflow.ERROR);
                assertEquals(0L, f >>> bits, "bits=" + bits + " v=" + v);
                assertEquals(v, GradedPayload.decode(f, bits), "bits=" + bits + " v=" + v);
            }
        }
    }

    @Test
    void shouldSaturateOrFailOutOfRange()
    {
        assertEquals(127L, GradedPayload.decode(GradedPayload.encode(300, 8, Overflow.SATURATE), 8));
        assertEquals(-128L, GradedPayload.decode(GradedPayload.encode(-300, 8, Overflow.SATURATE), 8));
        final ArithmeticException e = assertThrows(ArithmeticException.class,
            () -> GradedPayload.encode(300, 8, Overflow.ERROR));
        assertEquals("graded payload value=300 exceeds payloadBits=8 signed range [-128,127]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradedPayload.encode(0, 33, Overflow.ERROR));
    }

    @Test
    void shouldPackLoihiSpikeFieldsIn32Bits()
    {
        final int m = LoihiSpikeDescriptor.encode(-3, 7, 2, 4095);
        assertEquals(-3, LoihiSpikeDescriptor.dy(m));
        assertEquals(7, LoihiSpikeDescriptor.dx(m));
        assertEquals(2, LoihiSpikeDescriptor.core(m));
        assertEquals(4095, LoihiSpikeDescriptor.axon(m));
        assertEquals(0, m & 0x3F, "reserved bits");
        final int n = LoihiSpikeDescriptor.encode(31, -32, 0, 0);
        assertEquals(31, LoihiSpikeDescriptor.dy(n));
        assertEquals(-32, LoihiSpikeDescriptor.dx(n));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LoihiSpikeDescriptor.encode(0, 0, 0, 4096));
        assertTrue(e.getMessage().contains("axon=4096"), e.getMessage());
    }

    @Test
    void shouldEncodeSpiNNakerPacketsWithOddParity()
    {
        final long h = SpiNNakerPacketDescriptor.encodeHeader(SpiNNakerPacketDescriptor.Type.MULTICAST,
            0xDEADBEEF, false, 0);
        assertEquals(0xDEADBEEF, SpiNNakerPacketDescriptor.key(h));
        assertFalse(SpiNNakerPacketDescriptor.hasPayload(h));
        assertTrue(SpiNNakerPacketDescriptor.parityOk(h, 0));
        assertEquals(0L, h >>> 40, "header fits in 40 bits");
        final long p = SpiNNakerPacketDescriptor.encodeHeader(SpiNNakerPacketDescriptor.Type.FIXED_ROUTE, 1, true,
            0x7);
        assertTrue(SpiNNakerPacketDescriptor.hasPayload(p));
        assertEquals(SpiNNakerPacketDescriptor.Type.FIXED_ROUTE, SpiNNakerPacketDescriptor.type(p));
        assertTrue(SpiNNakerPacketDescriptor.parityOk(p, 0x7));
        assertFalse(SpiNNakerPacketDescriptor.parityOk(p, 0x6), "one flipped payload bit breaks parity");
        assertEquals(40, SpiNNakerPacketDescriptor.sizeBits(false));
        assertEquals(72, SpiNNakerPacketDescriptor.sizeBits(true));
    }

    @Test
    void shouldSizeGradedPacketsAndFlagLoihi2AsUnconfirmed()
    {
        assertEquals(56, GradedPacketDescriptor.LOIHI2.sizeBits());
        assertTrue(GradedPacketDescriptor.LOIHI2.assumption());
        assertTrue(GradedPacketDescriptor.LOIHI2.source().contains("UNCONFIRMED"));
        assertEquals(72, GradedPacketDescriptor.SPINNAKER.sizeBits());
        assertFalse(GradedPacketDescriptor.SPINNAKER.assumption());
        assertEquals(-5L, GradedPacketDescriptor.LOIHI2.decodePayload(
            GradedPacketDescriptor.LOIHI2.encodePayload(-5, Overflow.ERROR)));
        final MessageFormat f = GradedPacketDescriptor.LOIHI2.format();
        assertEquals(MessageKind.GRADED_SPIKE, f.kind());
        assertEquals(24, f.payloadBits());
        assertThrows(IllegalArgumentException.class,
            () -> new MessageFormat(MessageKind.GRADED_SPIKE, 32, 0, "x", false));
    }
}
