using StackExchange.Redis;

namespace Serverless.Diag.Redis;

/// <summary>One SLOWLOG GET entry: id, unix time, duration in microseconds, arguments, client address and name (Redis 4+).</summary>
internal sealed record SlowlogEntry(long Id, DateTimeOffset Time, TimeSpan Duration, IReadOnlyList<string> Arguments, string Client, string ClientName)
{
    /// <summary>Reads the raw reply, so client address and name (which StackExchange.Redis's CommandTrace drops) are kept.</summary>
    public static IReadOnlyList<SlowlogEntry> FromReply(RedisResult reply)
    {
        if (reply.Resp2Type != ResultType.Array || reply.IsNull)
        {
            return [];
        }

        var entries = new List<SlowlogEntry>();
        foreach (var item in (RedisResult[])reply!)
        {
            if (item.Resp2Type != ResultType.Array || item.Length < 4)
            {
                continue;
            }

            var parts = (RedisResult[])item!;
            var arguments = parts[3].Resp2Type == ResultType.Array ? ((RedisResult[])parts[3]!).Select(a => (string?)a ?? string.Empty).ToList() : [];
            entries.Add(new SlowlogEntry(
                (long)parts[0],
                DateTimeOffset.FromUnixTimeSeconds((long)parts[1]),
                TimeSpan.FromTicks((long)parts[2] * TimeSpan.TicksPerMicrosecond),
                arguments,
                parts.Length > 4 ? (string?)parts[4] ?? string.Empty : string.Empty,
                parts.Length > 5 ? (string?)parts[5] ?? string.Empty : string.Empty));
        }

        return entries;
    }
}
