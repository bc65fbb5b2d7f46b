namespace Serverless.Diag.TestKit.Servers;

/// <summary>How a throwaway PostgreSQL is set up.</summary>
public sealed record PostgresServerOptions
{
    /// <summary>The superuser's password (user <c>postgres</c>); TCP connections must give it (scram-sha-256).</summary>
    public string Password { get; init; } = "pg-" + Guid.NewGuid().ToString("N")[..12];

    public int MaxConnections { get; init; } = 40;

    public int SuperuserReservedConnections { get; init; } = 3;

    /// <summary>Adds pg_stat_statements to shared_preload_libraries (creating the extension is up to the test).</summary>
    public bool PreloadPgStatStatements { get; init; }

    /// <summary>Any other <c>-c name=value</c> settings.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
