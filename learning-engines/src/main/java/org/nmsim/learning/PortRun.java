package org.nmsim.learning;

import org.nmsim.kernel.CoreContext;

/**
 * Messages a core sends on consecutive ports, queued and sent as one block ({@link CoreContext#sendBlock}: the same
 * messages as sending each): a layer's graded signals, a run of nonzero inputs. A message on a port that does not
 * continue the run, or one beyond the capacity, sends what is queued first; the caller sends the rest with
 * {@link #flush} before it sends anything else, so every message keeps its place in the core's send order.
 *
 * <p>Threading: NOT thread safe; owned by its core.
 */
final class PortRun
{
    private final long[] payloads;
    private int first;
    private int n;

    /** @param capacity the longest block, >= 1. */
    PortRun(final int capacity)
    {
        payloads = new long[capacity];
    }

    /**
     * Queues a message.
     *
     * @param ctx     the core's context.
     * @param port    the output port.
     * @param payload the payload.
     */
    void add(final CoreContext ctx, final int port, final long payload)
    {
        if (n > 0 && (port != first + n || n == payloads.length))
        {
            flush(ctx);
        }
        if (n == 0)
        {
            first = port;
        }
        payloads[n++] = payload;
    }

    /** Sends the queued messages. */
    void flush(final CoreContext ctx)
    {
        if (n > 0)
        {
            ctx.sendBlock(first, payloads, n);
            n = 0;
        }
    }
}
