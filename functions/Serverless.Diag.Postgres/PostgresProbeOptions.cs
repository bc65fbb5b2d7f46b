namespace Serverless.Diag.Postgres;

/// <param name="ConnectionString">The Npgsql connection string the probe opens, already made a good citizen.</param>
/// <param name="Query">The check's own scalar query, or null.</param>
/// <param name="LongRunningThreshold">An active query older than this counts in <c>long_running.count</c>.</param>
/// <param name="StatementTimeout">The server-side limit on each of the probe's statements, below the check timeout.</param>
internal sealed record PostgresProbeOptions(
    string ConnectionString,
    string? Query,
    TimeSpan LongRunningThreshold,
    TimeSpan StatementTimeout);
