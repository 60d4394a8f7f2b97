package org.nmsim.chip.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.message.MessageKind;

class UserChipsTest
{
    @Test
    void shouldApplyOverridesOnBaseAndSourceThem()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("base", "loihi1");
        m.put("name", "loihi1-big");
        m.put("synaptic_memory_bits_per_core", 2_097_152L);
        m.put("max_weight_bits", 8);
        m.put("plasticity_ops", List.of("add", "MULTIPLY", "exp"));
        m.put("graded_payload_bits", 16);
        m.put("signed_spikes", true);
        final ChipSpec c = UserChips.fromMap(m);
        assertEquals("loihi1-big", c.name());
        assertEquals("loihi1", c.base());
        assertEquals(2_097_152L, c.synapticMemoryBitsPerCore().value());
        assertEquals("user override (chip 'loihi1-big')", c.synapticMemoryBitsPerCore().source());
        assertFalse(c.synapticMemoryBitsPerCore().assumption());
        assertEquals(8, c.maxWeightBits().value());
        assertEquals(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.EXP), c.plasticityOps().value());
        // graded on a chip without graded spikes: header = binary spike size 32, + 16 payload
        assertEquals(48, c.messageFormat(MessageKind.GRADED_SPIKE).sizeBits());
        assertEquals(32, c.messageFormat(MessageKind.SIGNED_SPIKE).sizeBits());
        // untouched fields keep the preset's source
        assertEquals(Presets.loihi1().compartmentsPerCore(), c.compartmentsPerCore());
    }

    @Test
    void shouldRejectUnknownKeyNamingIt()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> UserChips.fromMap(Map.of("base", "loihi1", "name", "x", "cores", 64)));
        assertTrue(e.getMessage().startsWith("chip 'x': unknown key 'cores' (allowed: base, name, cores_per_chip,"),
            e.getMessage());
    }

    @Test
    void shouldRejectBadTypesAndInconsistentShapes()
    {
        final IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
            () -> UserChips.fromMap(Map.of("base", "loihi1", "name", "x", "delay_bits", "six")));
        assertEquals("chip 'x': delay_bits=six must be an integer (String)", t.getMessage());
        final IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
            () -> UserChips.fromMap(Map.of("base", "loihi1", "name", "x", "cores_per_chip", 64)));
        assertTrue(s.getMessage().startsWith("chip 'x': cores_per_chip=64 must equal the mesh's 8x4 tiles"),
            s.getMessage());
        final ChipSpec ok = UserChips.fromMap(Map.of("base", "loihi1", "name", "x", "cores_per_chip", 64,
            "mesh_tile_rows", 2));
        assertEquals(64, ok.mesh().value().cores());
        final IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
            () -> UserChips.fromMap(Map.of("base", "loihi1", "max_weight_bits", 17)));
        assertTrue(w.getMessage().contains("max_weight_bits=17"), w.getMessage());
        final IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
            () -> UserChips.fromMap(Map.of("name", "x")));
        assertTrue(b.getMessage().contains("key 'base'"), b.getMessage());
        final IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
            () -> UserChips.fromMap(Map.of("base", "loihi1", "message_bits", Map.of("graded_spike", 40))));
        assertTrue(k.getMessage().contains("kind is not supported by base loihi1"), k.getMessage());
        final IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
            () -> UserChips.fromMap(Map.of("base", "loihi1", "plasticity_ops", List.of("FFT"))));
        assertTrue(o.getMessage().contains("plasticity_ops=FFT must be one of"), o.getMessage());
    }

    @Test
    void shouldRemoveGradedSpikesWithZeroPayload()
    {
        final ChipSpec c = UserChips.fromMap(Map.of("base", "spinnaker1", "graded_payload_bits", 0,
            "message_bits", Map.of("binary_spike", 48)));
        assertEquals("spinnaker1-custom", c.name());
        assertFalse(c.supports(MessageKind.GRADED_SPIKE));
        assertEquals(48, c.messageFormat(MessageKind.BINARY_SPIKE).sizeBits());
    }
}
