namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// The application's pool or the database's connection slots are used up: SQLAlchemy's <c>QueuePool limit</c>,
/// PostgreSQL's <c>remaining connection slots are reserved</c> / <c>too many clients</c>, or a postgres check
/// at 95% or more of max_connections.
/// </summary>
internal sealed class PoolExhaustionRule : CauseRule
{
    public const double FullRatio = 0.95;

    public override string Id => "pool-exhaustion";

    public override string Cause => "database connection pool exhausted";

    public override string Source =>
        Guides.Section(Guides.FastApi, "Database Connection Issues › Symptom: Connection Pool Exhaustion") + "; " +
        Guides.Section(Guides.ToolboxAi, "Database Service Issues › Connection Pool Exhaustion");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "See who holds the connections: pg_stat_activity grouped by application_name and state; idle-in-transaction sessions and long-running queries hold them longest.",
        "Size the pools against max_connections: pool_size + max_overflow per worker, times workers, must fit (the guide's create_engine(pool_size=20, max_overflow=10, pool_timeout=30, pool_recycle=1800)); put PgBouncer in front when it cannot.",
        "Make sure every session is returned to the pool (a context manager or finally), and warn before it fills (checked_out > size * 0.8).",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        var evidence = new List<EvidenceLine>();
        string? key = null;
        var poolText = symptom.Find(Signatures.QueuePoolLimit());
        if (poolText is { } pool)
        {
            evidence.Add(pool.Line);
            key = pool.Match.Value;
        }
        else if (symptom.Find(Signatures.ServerConnectionsFull()) is { } full)
        {
            evidence.Add(full.Line);
            key = full.Match.Value;
        }

        // The database's own view: a postgres check (this one or another of the run) at its limit.
        CheckFacts? database = null;
        foreach (var check in Candidates(symptom, environment))
        {
            if (check.Number("connections.ratio") is { } ratio && ratio >= FullRatio)
            {
                var used = check.Number("connections.used");
                var max = check.Number("connections.max");
                var figure = used is { } u && max is { } m ? $"{CheckFacts.Figure(u)}/{CheckFacts.Figure(m)} connections" : $"{CheckFacts.Percent(ratio)} of max_connections";
                evidence.Add(new EvidenceLine(check.Name, $"connections.ratio = {CheckFacts.Percent(ratio)} ({figure} in use)"));
                key = figure;
                database = check;
                break;
            }

            if (check.ErrorCause == "too_many_connections" && check.Report.Error is { } error)
            {
                if (check.Name != symptom.Name || evidence.Count == 0)
                {
                    evidence.Add(new EvidenceLine(check.Name, $"error (too_many_connections): {CheckFacts.Shorten(error.Message)}"));
                }

                key ??= "the database refused a connection: too many clients";
                database = check;
                break;
            }
        }

        var symptomShowsIt = evidence.Count > 0 && (evidence[0].Check == symptom.Name);
        if (!symptomShowsIt)
        {
            return NoMatch(database is null
                ? "no pool-exhaustion text (QueuePool limit, remaining connection slots are reserved, too many clients) in this check's response or error, and no postgres check at >= 95% of max_connections"
                : $"'{database.Name}' is at its connection limit, but this check's response shows no pool error that ties its failure to it");
        }

        var root = database is not null && database.Name != symptom.Name && database.IsFailing ? database.Name : null;
        return Match(key!, evidence, root);
    }

    /// <summary>The symptom itself first (a postgres check), then the run's other postgres checks.</summary>
    private static IEnumerable<CheckFacts> Candidates(CheckFacts symptom, EnvironmentFacts environment) =>
        environment.OfType("postgres").OrderBy(c => c.Name == symptom.Name ? 0 : 1);
}
