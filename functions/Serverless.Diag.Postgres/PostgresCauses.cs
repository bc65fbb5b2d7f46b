using Serverless.Diag.Probes;

namespace Serverless.Diag.Postgres;

/// <summary>Causes only PostgreSQL has, besides the engine's refused/timeout/dns/tls/auth.</summary>
internal static class PostgresCauses
{
    public static ErrorCause TooManyConnections { get; } = new("too_many_connections");

    public static ErrorCause DatabaseMissing { get; } = new("database_missing");

    public static ErrorCause StartingUp { get; } = new("starting_up");

    /// <summary>The check's own <c>query</c> failed (syntax, permission, a write in a read-only transaction...).</summary>
    public static ErrorCause Query { get; } = new("query");
}
