namespace Serverless.Diag.Diagnosis.Rules;

/// <summary>
/// A session holds a lock others wait on: a postgres check with <c>blocked.count &gt; 0</c> and the blocking session
/// (its pid, the relation, how long the oldest waiter has waited). A slow or timed-out request counts as its symptom
/// only while such a check shows the wait.
/// </summary>
internal sealed class LockContentionRule : CauseRule
{
    public override string Id => "lock-contention";

    public override string Cause => "database lock contention";

    public override string Source =>
        Guides.Section(Guides.ToolboxAi, "Performance Issues › 3. Database Performance (check database locks)") + "; " +
        Guides.Section(Guides.Generic, "Deadlock Debugging › Symptom: \"Application hangs\"");

    public override IReadOnlyList<string> NextSteps { get; } =
    [
        "Look at the blocking session: SELECT pid, state, xact_start, query FROM pg_stat_activity WHERE pid = <holder pid>; a session 'idle in transaction' is holding its locks while the application does something else.",
        "End it if it must go now: SELECT pg_terminate_backend(<holder pid>); then find the code path that leaves the transaction open.",
        "Keep transactions short, take locks in one order, and set lock_timeout/statement_timeout so a waiter fails fast instead of hanging.",
    ];

    public override RuleOutcome Evaluate(CheckFacts symptom, EnvironmentFacts environment)
    {
        var database = environment.OfType("postgres")
            .OrderBy(c => c.Name == symptom.Name ? 0 : 1)
            .FirstOrDefault(c => c.Number("blocked.count") is > 0);
        if (database is null)
        {
            return NoMatch(environment.OfType("postgres").Any(c => c.Number("blocked.count") is not null)
                ? "no session is blocked (blocked.count = 0)"
                : "no postgres check measured blocked sessions in this run");
        }

        if (database.Name != symptom.Name && !symptom.WasSlow)
        {
            return NoMatch($"'{database.Name}' shows blocked sessions, but this check did not fail on time (no timeout, no latency assertion failed)");
        }

        if (database.Number("blocked.holder_pid") is not { } holder)
        {
            return NoMatch($"'{database.Name}' shows blocked sessions but not the session blocking them");
        }

        var count = database.Number("blocked.count")!.Value;
        var relation = database.Text("blocked.relation");
        var wait = database.Number("blocked.max_wait_seconds");
        var on = string.IsNullOrEmpty(relation) ? string.Empty : $" on {relation}";
        var waited = wait is { } w ? $" for {CheckFacts.Figure(Math.Round(w, 1))} s" : string.Empty;
        var key = $"pid {CheckFacts.Figure(holder)} blocks {CheckFacts.Figure(count)} session{(count == 1 ? string.Empty : "s")}{on}{waited}";
        var evidence = new List<EvidenceLine>
        {
            new(database.Name, $"blocked.count = {CheckFacts.Figure(count)}; blocking pid {CheckFacts.Figure(holder)}{on}; oldest waiter{(waited.Length > 0 ? waited : " (wait unknown)")}"),
        };
        if (database.Name != symptom.Name)
        {
            evidence.Insert(0, new EvidenceLine(symptom.Name, symptom.Describe()));
        }

        return Match(key, evidence, database.Name != symptom.Name && database.IsFailing ? database.Name : null);
    }
}
