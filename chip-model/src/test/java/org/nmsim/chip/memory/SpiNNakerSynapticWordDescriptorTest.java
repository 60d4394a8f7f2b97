package org.nmsim.chip.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpiNNakerSynapticWordDescriptorTest
{
    @Test
    void shouldPackFieldsInto32Bits()
    {
        final int w = SpiNNakerSynapticWordDescriptor.encode(65535, 15, 1, 200);
        assertEquals(65535, SpiNNakerSynapticWordDescriptor.weight(w));
        assertEquals(15, SpiNNakerSynapticWordDescriptor.delay(w));
        assertEquals(1, SpiNNakerSynapticWordDescriptor.type(w));
        assertEquals(200, SpiNNakerSynapticWordDescriptor.index(w));
        assertEquals(0xFFFF_F1C8, w);
        assertEquals(32, SpiNNakerSynapticWordDescriptor.WEIGHT_BITS + SpiNNakerSynapticWordDescriptor.DELAY_BITS
            + SpiNNakerSynapticWordDescriptor.TYPE_BITS + SpiNNakerSynapticWordDescriptor.INDEX_BITS);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SpiNNakerSynapticWordDescriptor.encode(0, 16, 0, 0));
        assertEquals("SpiNNaker synaptic word: delay=16 exceeds 4-bit unsigned field range [0,15]", e.getMessage());
    }
}
