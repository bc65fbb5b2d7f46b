using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Serverless.Diag.TestKit.Servers;

/// <summary>A throwaway redis-server with its own config file and temp dir on a free loopback port; killed and deleted on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ServerProcess _process = new("sdiag-redis-");

    private RedisServer(int port, RedisServerOptions options)
    {
        Port = port;
        Options = options;
    }

    public int Port { get; private set; }

    public RedisServerOptions Options { get; }

    public string? Password => Options.Password;

    public string LogFile => Path.Combine(_process.Workspace, "redis.log");

    /// <summary>A StackExchange.Redis configuration string.</summary>
    public string Configuration(string? password = null) =>
        $"127.0.0.1:{Port},password={password ?? Password},abortConnect=true,connectTimeout=5000";

    /// <summary>The same server as a redis:// URL.</summary>
    public string Url(string? password = null) => $"redis://:{Uri.EscapeDataString(password ?? Password ?? string.Empty)}@127.0.0.1:{Port}/0";

    public static async Task<RedisServer> StartAsync(RedisServerOptions? options = null)
    {
        ServerBinaries.Require(ServerBinaries.RedisMissing);
        var server = new RedisServer(FreePort.Next(), options ?? new RedisServerOptions());
        try
        {
            var first = true;
            await server._process.StartAsync(
                "redis-server",
                async () =>
                {
                    server.Port = first ? server.Port : FreePort.Next();
                    first = false;
                    var config = Path.Combine(server._process.Workspace, "redis.conf");
                    await File.WriteAllTextAsync(config, server.ConfigText());
                    return (new ProcessStartInfo(ServerBinaries.RedisServer!, config), [server.Port]);
                },
                TimeSpan.FromSeconds(30),
                async () => File.Exists(server.LogFile) ? await File.ReadAllTextAsync(server.LogFile) : string.Empty);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server, so a test can see a server that went away.</summary>
    public Task StopAsync() => _process.StopAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private string ConfigText()
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port {Port}")
            .AppendLine("bind 127.0.0.1")
            .AppendLine("protected-mode no")
            .AppendLine("daemonize no")
            .AppendLine("save \"\"")
            .AppendLine("appendonly no")
            .AppendLine(CultureInfo.InvariantCulture, $"dir {_process.Workspace}")
            .AppendLine(CultureInfo.InvariantCulture, $"logfile {LogFile}")
            .AppendLine(CultureInfo.InvariantCulture, $"maxclients {Options.MaxClients}")
            .AppendLine(CultureInfo.InvariantCulture, $"maxmemory {Options.MaxMemoryBytes}")
            .AppendLine(CultureInfo.InvariantCulture, $"maxmemory-policy {Options.MaxMemoryPolicy}");
        if (Options.Password is { } password)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"requirepass {password}");
        }

        foreach (var (name, value) in Options.Settings)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name} {value}");
        }

        return text.ToString();
    }
}
