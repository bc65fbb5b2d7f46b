using System.Globalization;

namespace Serverless.Diag.TestKit.Servers;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp dir (owned by the <c>postgres</c> user when running as root),
/// started with pg_ctl on a free loopback port with its socket in that dir, stopped and deleted on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string OsUser = "postgres";
    private readonly string _bin;
    private readonly string _root;
    private bool _running;

    private PostgresServer(string bin, string root, int port, PostgresServerOptions options)
    {
        _bin = bin;
        _root = root;
        Port = port;
        Options = options;
    }

    public int Port { get; private set; }

    public PostgresServerOptions Options { get; }

    public string Password => Options.Password;

    public string DataDirectory => Path.Combine(_root, "data");

    public string LogFile => Path.Combine(_root, "postgres.log");

    /// <summary>An Npgsql connection string for the superuser, pooled off so tests leave nothing behind.</summary>
    public string ConnectionString(string? password = null, string database = "postgres", string user = "postgres", string applicationName = "diag-test") =>
        $"Host=127.0.0.1;Port={Port};Username={user};Password={password ?? Password};Database={database};Pooling=false;Application Name={applicationName};Timeout=15";

    /// <summary>The same server as a libpq URL.</summary>
    public string Url(string? password = null, string database = "postgres", string user = "postgres") =>
        $"postgresql://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password ?? Password)}@127.0.0.1:{Port}/{database}";

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null)
    {
        ServerBinaries.Require(ServerBinaries.PostgresMissing);
        options ??= new PostgresServerOptions();
        var bin = ServerBinaries.PostgresBin!;
        var root = Path.Combine(Path.GetTempPath(), "sdiag-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var server = new PostgresServer(bin, root, FreePort.Next(), options);
        try
        {
            await server.InitAsync();
            await server.StartOnFreePortAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server (immediate shutdown) but keeps its files, so a test can see a server that went away.</summary>
    public async Task StopAsync()
    {
        if (!_running)
        {
            return;
        }

        _running = false;
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            TryDelete(_root);
        }
    }

    private async Task InitAsync()
    {
        var passwordFile = Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Options.Password + "\n");
        if (ProcessRunner.IsRoot)
        {
            await Must(ProcessRunner.RunAsync("chown", ["-R", $"{OsUser}:{OsUser}", _root]), "chown");
        }

        await RunAsync("initdb", [
            "-D", DataDirectory, "-U", "postgres", "--pwfile", passwordFile, "-A", "scram-sha-256", "--auth-local=trust",
            "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
        File.Delete(passwordFile);
    }

    private async Task StartOnFreePortAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var (code, output) = await ProcessRunner.RunAsync(Path.Combine(_bin, "pg_ctl"), [
                "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", ServerArguments(), "start"], RunAs, TimeSpan.FromSeconds(90));
            if (code == 0)
            {
                _running = true;
                return;
            }

            // Another process may have taken the port between choosing and binding it.
            if (attempt == 3)
            {
                throw new InvalidOperationException($"PostgreSQL did not start: {output}\n{ReadLog()}");
            }

            Port = FreePort.Next();
        }
    }

    private string ServerArguments()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["max_connections"] = Options.MaxConnections.ToString(CultureInfo.InvariantCulture),
            ["superuser_reserved_connections"] = Options.SuperuserReservedConnections.ToString(CultureInfo.InvariantCulture),
            ["fsync"] = "off",
            ["synchronous_commit"] = "off",
            ["full_page_writes"] = "off",
            ["shared_buffers"] = "16MB",
        };
        if (Options.PreloadPgStatStatements)
        {
            settings["shared_preload_libraries"] = "pg_stat_statements";
        }

        foreach (var (name, value) in Options.Settings)
        {
            settings[name] = value;
        }

        var flags = settings.Select(s => $"-c {s.Key}={s.Value}");
        return $"-k {_root} -h 127.0.0.1 -p {Port} " + string.Join(' ', flags);
    }

    private static string? RunAs => ProcessRunner.IsRoot ? OsUser : null;

    private async Task RunAsync(string tool, string[] args) =>
        await Must(ProcessRunner.RunAsync(Path.Combine(_bin, tool), args, RunAs, TimeSpan.FromSeconds(90)), tool);

    private async Task Must(Task<(int ExitCode, string Output)> run, string what)
    {
        var (code, output) = await run;
        if (code != 0)
        {
            throw new InvalidOperationException($"{what} failed ({code}): {output}\n{ReadLog()}");
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp dir is not worth failing a test over.
        }
    }
}
