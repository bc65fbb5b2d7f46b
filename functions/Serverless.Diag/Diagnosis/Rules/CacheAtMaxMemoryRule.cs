namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// Redis is full and may not evict: its own <c>OOM command not allowed</c> answer, or a redis check at 100% of
/// maxmemory under the <c>noeviction</c> policy. Full under an evicting policy is not this cause: writes still succeed.
/// </summary>
internal sealed class CacheAtMaxMemoryRule : CauseRule
{
    public override string Id => "cache-maxmemory";

    public override string Cause => "Redis at maxmemory with noeviction (writes refused)";

    public override string Source =>
        Guides.Section(Guides.AiSaas, "Cache Issues › 2. Cache Memory Issues") + "; " +
        Guides.Section(Guides.FastApi, "Cache Issues › Symptom: Cache Memory Issues");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "Look at what fills it: redis-cli info memory (used_memory, maxmemory, maxmemory_policy) and redis-cli --bigkeys.",
        "Let it evict if it is a cache: redis-cli config set maxmemory-policy allkeys-lru (and persist it in redis.conf), or raise maxmemory (redis-cli config set maxmemory 2gb).",
        "Give cached keys a TTL and shrink large values (hashes instead of serialised blobs), so the cache stays below 80% of maxmemory.",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        var evidence = new List<EvidenceLine>();
        string? key = null;
        if (symptom.Find(Signatures.RedisOom()) is { } oom)
        {
            evidence.Add(oom.Line);
            key = "OOM command not allowed";
        }
        else if (symptom.ErrorCause == "oom" && symptom.Report.Error is { } error)
        {
            evidence.Add(new EvidenceLine(symptom.Name, $"error (oom): {CheckFacts.Shorten(error.Message)}"));
            key = "writes refused with OOM";
        }

        CheckFacts? cache = null;
        string? evicting = null;
        foreach (var check in environment.OfType("redis").OrderBy(c => c.Name == symptom.Name ? 0 : 1))
        {
            if (check.Number("memory.ratio") is not { } ratio)
            {
                continue;
            }

            var policy = check.Text("memory.policy");
            if (ratio < 1.0)
            {
                // Near the limit under an evicting policy: the cache stays just below it by evicting; say so.
                if (ratio >= 0.9 && policy is not null && policy != "noeviction")
                {
                    evicting ??= $"'{check.Name}' is near maxmemory ({CheckFacts.Percent(ratio)}) but its policy {policy} evicts keys, so writes are not refused";
                }

                continue;
            }

            var used = check.Number("memory.used");
            var max = check.Number("memory.max");
            var figure = used is { } u && max is { } m ? $"{Mb(u)} of {Mb(m)} maxmemory" : $"{CheckFacts.Percent(ratio)} of maxmemory";
            if (!string.Equals(policy, "noeviction", StringComparison.Ordinal))
            {
                evicting ??= $"'{check.Name}' is at maxmemory ({figure}) but its policy {policy ?? "(unknown)"} evicts keys, so writes are not refused";
                continue;
            }

            evidence.Add(new EvidenceLine(check.Name, $"memory.ratio = {CheckFacts.Percent(ratio)} ({figure}), memory.policy = noeviction"));
            key = key is null ? $"{figure}, noeviction" : $"{key}; {figure}";
            cache = check;
            break;
        }

        if (evidence.Count == 0 || evidence[0].Check != symptom.Name && !TiesTo(symptom))
        {
            return NoMatch(evicting
                ?? (cache is not null
                    ? $"'{cache.Name}' is full under noeviction, but this check's failure shows no Redis error"
                    : "no 'OOM command not allowed' answer and no redis check at 100% of maxmemory under noeviction"));
        }

        var root = cache is not null && cache.Name != symptom.Name && cache.IsFailing ? cache.Name : null;
        return Match(key!, evidence, root);
    }

    // Another check's full cache explains this one only when this one's own text mentions the refused write.
    private static bool TiesTo(CheckFacts symptom) => symptom.ErrorCause == "oom" || symptom.Find(Signatures.RedisOom()) is not null;

    private static string Mb(double bytes) => bytes >= 1024 * 1024
        ? $"{CheckFacts.Figure(Math.Round(bytes / (1024 * 1024), 1))} MB"
        : $"{CheckFacts.Figure(Math.Round(bytes / 1024, 1))} KB";
}
