using System.Globalization;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Kit;
using StackExchange.Redis;
using V = Serverless.Diag.Redis.RedisVocabulary;

namespace Serverless.Diag.Redis;

/// <summary>
/// One multiplexer with one interactive connection per run, closed before the probe returns. Reads limits from INFO
/// (CONFIG is disabled on managed services). Never throws for the server's fault.
/// </summary>
internal sealed class RedisProbe(RedisProbeOptions options) : IProbe
{
    internal RedisProbeOptions Options => options;

    private const int SlowlogSample = 32;
    private const int SlowlogShown = 5;
    private static readonly TimeSpan RoundtripTtl = TimeSpan.FromSeconds(30);

    /// <summary>The built-in check behind <c>roundtrip_ok</c>, as a failed finding reads.</summary>
    internal const string RoundtripFinding = "redis accepts writes (the probe's round-trip SET)";

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var result = new ProbeResult();
        result.Measurements.Set(V.Connected, false);
        var stage = ErrorCause.Protocol;
        ConnectionMultiplexer? multiplexer = null;
        try
        {
            var (connected, failure) = await new RedisConnector(options.Configuration).ConnectAsync(context.Timeout, cancellationToken);
            if (failure is not null)
            {
                return failure.ApplyTo(result, context);
            }

            multiplexer = connected!;
            result.Measurements.Set(V.Connected, true);
            var server = multiplexer.GetServers().FirstOrDefault(s => s.IsConnected) ?? multiplexer.GetServers()[0];
            var db = multiplexer.GetDatabase();

            // INFO first: it answers even while the server is loading, and its figures explain most failures after it.
            var info = RedisInfo.Parse(await server.InfoRawAsync().WaitAsync(cancellationToken) ?? string.Empty);
            InfoDiagnostics.Collect(info, result, context);
            if (info["loading"] == "1")
            {
                result.Error = new ProbeError(RedisCauses.Loading, "Redis is loading its dataset from disk");
                result.Hints.Add(RedisHints.Loading);
                return result;
            }

            var started = context.TimeProvider.GetTimestamp();
            await db.PingAsync().WaitAsync(cancellationToken);
            result.Measurements.Set(V.Latency, context.TimeProvider.GetElapsedTime(started));

            await SlowlogAsync(server, result, context, cancellationToken);
            await RoundtripAsync(db, info, result, context, cancellationToken);
            if (options.Command is { } command)
            {
                stage = RedisCauses.Command;
                var reply = await db.ExecuteAsync(command.Name, [.. command.Arguments]).WaitAsync(cancellationToken);
                result.Measurements.Set(V.CommandValue, Scalar(reply));
            }
        }
        catch (Exception e) when (e is RedisException or OperationCanceledException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            RedisErrors.Classify(e, context.Timeout, stage).ApplyTo(result, context);
        }
        finally
        {
            if (multiplexer is not null)
            {
                await multiplexer.CloseAsync(allowCommandsToComplete: false);
                await multiplexer.DisposeAsync();
            }
        }

        return result;
    }

    /// <summary>SET, GET and DEL of a namespaced key with a short TTL (so a probe killed midway leaves nothing for long).</summary>
    private static async Task RoundtripAsync(IDatabase db, RedisInfo info, ProbeResult result, ProbeContext context, CancellationToken cancellationToken)
    {
        if (info["role"] is "slave" or "replica")
        {
            result.Measurements.SetAbsent(V.RoundtripOk, "this server is a read-only replica: the write/read round trip is not tried");
            return;
        }

        var key = $"serverless-diag:roundtrip:{Guid.NewGuid():N}";
        var value = Guid.NewGuid().ToString("N");
        try
        {
            await db.StringSetAsync(key, value, RoundtripTtl).WaitAsync(cancellationToken);
            var read = await db.StringGetAsync(key).WaitAsync(cancellationToken);
            result.Measurements.Set(V.RoundtripOk, read == value);
        }
        catch (RedisServerException e) when (RedisErrors.Classify(e, TimeSpan.Zero, RedisCauses.Command).Cause == RedisCauses.OutOfMemory)
        {
            // Everything else was measured: the refusal is a failed finding, and the user's assertions still judge the rest.
            var refusal = context.Secrets.Redact(e.Message);
            result.Measurements.Set(V.RoundtripOk, false);
            result.Findings.Add(new ProbeFinding(RoundtripFinding, refusal));
            result.Evidence.Add(new Evidence("Round-trip write refused", $"SET {key[..^32]}<id> EX {RoundtripTtl.TotalSeconds:0} -> {refusal}"));
            if (!result.Hints.Contains(RedisHints.OutOfMemory))
            {
                result.Hints.Add(RedisHints.OutOfMemory);
            }
        }
        finally
        {
            // Awaited: a fire-and-forget DEL can be dropped when the multiplexer closes right after.
            // A failing DEL must not hide why SET or GET failed; the key's TTL cleans up after it.
            try
            {
                await db.KeyDeleteAsync(key).WaitAsync(cancellationToken);
            }
            catch (RedisException)
            {
            }
        }
    }

    private static async Task SlowlogAsync(IServer server, ProbeResult result, ProbeContext context, CancellationToken cancellationToken)
    {
        var length = (long)await server.ExecuteAsync("SLOWLOG", "LEN").WaitAsync(cancellationToken);
        result.Measurements.Set(V.SlowlogCount, length);
        if (length == 0)
        {
            return;
        }

        var entries = SlowlogEntry.FromReply(await server.ExecuteAsync("SLOWLOG", "GET", SlowlogSample).WaitAsync(cancellationToken))
            .OrderByDescending(e => e.Duration)
            .Take(SlowlogShown)
            .ToList();
        if (entries.Count > 0)
        {
            result.Evidence.Add(new Evidence(
                $"Slowest of the last {Math.Min(length, SlowlogSample)} SLOWLOG entries ({length} logged)",
                SlowlogEvidence.Render(entries, context.Secrets)));
            if (context.NeedsPath("slowlog") || context.NeedsPath("latency"))
            {
                result.Hints.Add(RedisHints.Slowlog);
            }
        }
    }

    /// <summary>Integers as numbers; a bulk string as a number when it is one (a counter kept with INCR), else as text.</summary>
    internal static object? Scalar(RedisResult reply)
    {
        if (reply.IsNull)
        {
            return null;
        }

        return reply.Resp2Type switch
        {
            ResultType.Integer => (double)(long)reply,
            ResultType.BulkString or ResultType.SimpleString =>
                double.TryParse((string?)reply, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : (string?)reply,
            _ => reply.ToString(),
        };
    }
}
