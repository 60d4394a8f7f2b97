package org.nmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * STEPPED mode's bucket queue hands events over in exactly the order of the binary heap ({@link EventQueue},
 * canonical {@code (time, source core + sequence, axon)}), whatever the push order: compared event by event
 * against the heap on random pushes with mixed times, sources, ties and duplicates, and with pushes made while
 * a bucket is being read.
 */
@Timeout(60)
class StepQueueTest
{
    /** Drains every event due at or before {@code t} from the heap, as the old stepped worker loop did. */
    private static void drainHeap(final EventQueue q, final double t, final List<String> out)
    {
        while (!q.isEmpty() && q.minTime() <= t)
        {
            out.add(q.minTime() + ":" + q.minAxon() + ":" + q.minPayload());
            q.pop();
        }
    }

    private static void drainBuckets(final StepQueue q, final double t, final List<String> out)
    {
        StepQueue.Bucket b;
        while ((b = q.takeDue(t)) != null)
        {
            for (int i = 0; i < b.n; i++)
            {
                out.add(b.time + ":" + b.axon[i] + ":" + b.payload[i]);
            }
            q.release(b);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldHandOverEventsInTheHeapsOrderForAnyPushOrder(final long seed)
    {
        final SplitMix64 rng = new SplitMix64(seed);
        final EventQueue heap = new EventQueue();
        final StepQueue buckets = new StepQueue();
        final long[] seq = new long[7];
        final List<String> expected = new ArrayList<>();
        final List<String> actual = new ArrayList<>();
        int pushed = 0;
        for (int step = 0; step < 40; step++)
        {
            // a burst of pushes in a random interleaving of sources (as several workers' rings deliver them),
            // each send fanning out to 1..3 axons (sometimes the same axon twice), with delays 1..4 steps
            final int sends = rng.nextInt(60);
            for (int s = 0; s < sends; s++)
            {
                final int src = rng.nextInt(7) - 1;
                final long key = EventQueue.key(src, seq[src + 1]++);
                final double time = step + 1 + rng.nextInt(4);
                final long payload = rng.nextLong();
                final int fan = 1 + rng.nextInt(3);
                for (int f = 0; f < fan; f++)
                {
                    final int axon = rng.nextInt(5) - (src == 2 ? 1 : 0);
                    heap.push(time, key, axon, payload);
                    buckets.push(time, key, axon, payload);
                    pushed++;
                }
            }
            assertEquals(heap.size(), buckets.size(), "pending events after the pushes of step " + step);
            drainHeap(heap, step, expected);
            drainBuckets(buckets, step, actual);
            assertEquals(heap.size(), buckets.size(), "pending events after step " + step);
        }
        drainHeap(heap, Double.MAX_VALUE, expected);
        drainBuckets(buckets, Double.MAX_VALUE, actual);
        assertTrue(pushed > 500, "the test pushed too little to mean anything: " + pushed);
        assertEquals(expected, actual);
        assertTrue(buckets.isEmpty());
    }

    @Test
    void shouldOrderOneBucketBySourceThenSequenceThenAxon()
    {
        final StepQueue q = new StepQueue();
        q.push(3, EventQueue.key(2, 0), 1, 20);
        q.push(3, EventQueue.key(0, 5), 9, 5);
        q.push(3, EventQueue.key(0, 4), 7, 4);
        q.push(4, EventQueue.key(-1, 0), 0, 99);
        q.push(3, EventQueue.key(0, 4), 2, 4);
        q.push(3, EventQueue.key(-1, 1), 3, 42);
        q.push(2, EventQueue.key(5, 0), 0, 7);
        final List<String> out = new ArrayList<>();
        drainBuckets(q, 3, out);
        assertEquals(List.of("2.0:0:7", "3.0:3:42", "3.0:2:4", "3.0:7:4", "3.0:9:5", "3.0:1:20"), out);
        assertEquals(1, q.size());
        assertNull(q.takeDue(3), "the step-4 event is not due at step 3");
    }

    @Test
    void shouldKeepPushesMadeWhileABucketIsReadForTheirOwnStep()
    {
        final StepQueue q = new StepQueue();
        q.push(1, EventQueue.key(0, 1), 0, 1);
        q.push(1, EventQueue.key(0, 0), 0, 0);
        final StepQueue.Bucket b = q.takeDue(1);
        // a core sending during delivery: its messages arrive later, and must not disturb the bucket being read
        for (int i = 0; i < 100; i++)
        {
            q.push(2, EventQueue.key(1, i), i, i);
        }
        assertEquals(2, b.n);
        assertEquals(0L, b.payload[0]);
        assertEquals(1L, b.payload[1]);
        q.release(b);
        final StepQueue.Bucket next = q.takeDue(2);
        assertEquals(100, next.n);
        assertEquals(99L, next.payload[99]);
        q.release(next);
        assertTrue(q.isEmpty());
    }
}
