namespace Serverless.Diag.TestKit.Servers;

/// <summary>How a throwaway redis-server is configured.</summary>
public sealed record RedisServerOptions
{
    /// <summary>requirepass; null for an open server.</summary>
    public string? Password { get; init; } = "rd-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>maxmemory in bytes; 0 means no limit.</summary>
    public long MaxMemoryBytes { get; init; }

    public string MaxMemoryPolicy { get; init; } = "noeviction";

    public int MaxClients { get; init; } = 1000;

    /// <summary>Any other config lines (<c>slowlog-log-slower-than 0</c>...).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
