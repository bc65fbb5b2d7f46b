using System.Buffers;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// A response body read up to a limit: memory stays bounded however large the body is. Always keeps the
/// first <see cref="SnippetSize"/> bytes for evidence; keeps everything (up to the limit) only when asked.
/// </summary>
internal sealed class BoundedBody
{
    public const int SnippetSize = 2048;

    private const int ChunkSize = 16 * 1024;

    private BoundedBody(byte[] snippet, byte[]? content, long bytesRead, bool complete)
    {
        Snippet = snippet;
        Content = content;
        BytesRead = bytesRead;
        Complete = complete;
    }

    /// <summary>The first bytes, for evidence.</summary>
    public byte[] Snippet { get; }

    /// <summary>The whole body when it was kept and complete; null otherwise.</summary>
    public byte[]? Content { get; }

    public long BytesRead { get; }

    /// <summary>False when the body was longer than the limit and reading stopped.</summary>
    public bool Complete { get; }

    public static async ValueTask<BoundedBody> ReadAsync(Stream stream, long limit, bool keep, CancellationToken cancellationToken)
    {
        // A ValueTask: a small body is usually already buffered, and the read then completes without a Task.
        // Health answers are small: the first chunk usually holds the whole body, and then the snippet and the
        // content are one exact-size array. Larger bodies spill into a stream only when they must be kept.
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        MemoryStream? spill = null;
        byte[]? snippet = null;
        long total = 0;
        try
        {
            var filled = 0;
            while (true)
            {
                // Ask for one byte beyond the limit at most, to know whether the body is longer.
                var want = (int)Math.Min(chunk.Length - filled, limit + 1 - total);
                var read = await stream.ReadAsync(chunk.AsMemory(filled, want), cancellationToken);
                if (read == 0)
                {
                    return Finish(chunk.AsSpan(0, filled), spill, snippet, total, keep);
                }

                filled += read;
                total += read;
                if (total > limit)
                {
                    snippet ??= chunk.AsSpan(0, Math.Min(filled, SnippetSize)).ToArray();
                    return new BoundedBody(snippet, null, limit, complete: false);
                }

                if (filled == chunk.Length)
                {
                    snippet ??= chunk.AsSpan(0, SnippetSize).ToArray();
                    if (keep)
                    {
                        spill ??= new MemoryStream();
                        spill.Write(chunk, 0, filled);
                    }

                    filled = 0;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static BoundedBody Finish(ReadOnlySpan<byte> tail, MemoryStream? spill, byte[]? snippet, long total, bool keep)
    {
        byte[]? content = null;
        if (keep)
        {
            if (spill is null)
            {
                content = tail.ToArray();
            }
            else
            {
                spill.Write(tail);
                content = spill.ToArray();
            }
        }

        snippet ??= content is not null && content.Length <= SnippetSize ? content : tail[..Math.Min(tail.Length, SnippetSize)].ToArray();
        return new BoundedBody(snippet, content, total, complete: true);
    }
}
