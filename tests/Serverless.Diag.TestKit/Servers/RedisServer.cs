using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Serverless.Diag.TestKit.Servers;

/// <summary>A throwaway redis-server with its own config file and temp dir on a free loopback port; killed and deleted on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _root;
    private Process? _process;

    private RedisServer(string root, int port, RedisServerOptions options)
    {
        _root = root;
        Port = port;
        Options = options;
    }

    public int Port { get; private set; }

    public RedisServerOptions Options { get; }

    public string? Password => Options.Password;

    public string LogFile => Path.Combine(_root, "redis.log");

    /// <summary>A StackExchange.Redis configuration string.</summary>
    public string Configuration(string? password = null) =>
        $"127.0.0.1:{Port},password={password ?? Password},abortConnect=true,connectTimeout=5000";

    /// <summary>The same server as a redis:// URL.</summary>
    public string Url(string? password = null) => $"redis://:{Uri.EscapeDataString(password ?? Password ?? string.Empty)}@127.0.0.1:{Port}/0";

    public static async Task<RedisServer> StartAsync(RedisServerOptions? options = null)
    {
        ServerBinaries.Require(ServerBinaries.RedisMissing);
        options ??= new RedisServerOptions();
        var root = Path.Combine(Path.GetTempPath(), "sdiag-redis-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var server = new RedisServer(root, FreePort.Next(), options);
        try
        {
            await server.StartOnFreePortAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server, so a test can see a server that went away.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp dir is not worth failing a test over.
        }
    }

    private async Task StartOnFreePortAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var config = Path.Combine(_root, "redis.conf");
            await File.WriteAllTextAsync(config, ConfigText());
            var process = Process.Start(new ProcessStartInfo(ServerBinaries.RedisServer!, config) { UseShellExecute = false })
                ?? throw new InvalidOperationException("could not start redis-server");
            _process = process;
            if (await WaitReadyAsync(process))
            {
                return;
            }

            await StopAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"redis-server did not start:\n{(File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "")}");
            }

            Port = FreePort.Next();
        }
    }

    private async Task<bool> WaitReadyAsync(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                return false;
            }

            if (await FreePort.AcceptsAsync(Port))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private string ConfigText()
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port {Port}")
            .AppendLine("bind 127.0.0.1")
            .AppendLine("protected-mode no")
            .AppendLine("daemonize no")
            .AppendLine("save \"\"")
            .AppendLine("appendonly no")
            .AppendLine(CultureInfo.InvariantCulture, $"dir {_root}")
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
