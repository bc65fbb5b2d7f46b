using System.Buffers;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// A response body read up to a limit: memory stays bounded however large the body is. Always keeps the
/// first <see cref="SnippetSize"/> bytes for evidence; keeps everything (up to the limit) only when asked.
/// </summary>
internal sealed class BoundedBody
{
    public const int SnippetSize = 2048;

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

    public static async Task<BoundedBody> ReadAsync(Stream stream, long limit, bool keep, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var snippet = new MemoryStream();
        var content = keep ? new MemoryStream() : null;
        long total = 0;
        try
        {
            while (true)
            {
                // Ask for one byte beyond the limit at most, to know whether the body is longer.
                var want = (int)Math.Min(buffer.Length, limit + 1 - total);
                var read = await stream.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    return new BoundedBody(snippet.ToArray(), content?.ToArray(), total, complete: true);
                }

                if (snippet.Length < SnippetSize)
                {
                    snippet.Write(buffer, 0, (int)Math.Min(read, SnippetSize - snippet.Length));
                }

                total += read;
                if (total > limit)
                {
                    return new BoundedBody(snippet.ToArray(), null, limit, complete: false);
                }

                content?.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
