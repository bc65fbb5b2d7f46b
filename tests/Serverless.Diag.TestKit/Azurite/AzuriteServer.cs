using System.Diagnostics;
using System.Text;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.TestKit.Azurite;

/// <summary>
/// A throwaway Azurite (the Azure Storage emulator, npm package <c>azurite</c>, pinned by the prerequisites script)
/// serving Table, Blob and Queue on free loopback ports with in-memory persistence; killed on dispose. Start one per
/// test collection and give each test its own table (or container) name.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account; not a secret.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly StringBuilder _log = new();
    private readonly string _workspace;
    private Process? _process;

    private AzuriteServer(string workspace) => _workspace = workspace;

    public int TablePort { get; private set; }

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public string TableEndpoint => $"http://127.0.0.1:{TablePort}/{AccountName}";

    public string BlobEndpoint => $"http://127.0.0.1:{BlobPort}/{AccountName}";

    public string QueueEndpoint => $"http://127.0.0.1:{QueuePort}/{AccountName}";

    /// <summary>A connection string for all three services.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint={TableEndpoint};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};";

    /// <summary>What Azurite printed, for a failure message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static string? Missing => Executable is null
        ? "azurite not found on PATH (bash scripts/install-prerequisites.sh installs the pinned npm package)"
        : null;

    private static string? Executable =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/local/bin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "azurite"))
            .FirstOrDefault(File.Exists);

    public static async Task<AzuriteServer> StartAsync()
    {
        ServerBinaries.Require(Missing);
        var workspace = Path.Combine(Path.GetTempPath(), "sdiag-azurite-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(workspace);
        var server = new AzuriteServer(workspace);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await server.TryStartAsync())
                {
                    return server;
                }

                await server.StopAsync();
                if (attempt == 3)
                {
                    throw new InvalidOperationException($"azurite did not start:\n{server.Log}");
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the emulator, so a test can see a store that went away.</summary>
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
            Directory.Delete(_workspace, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp dir is not worth failing a test over.
        }
    }

    private async Task<bool> TryStartAsync()
    {
        // Azurite reports port 0 back as 0, so free ports are chosen here (and retried if taken meanwhile).
        (TablePort, BlobPort, QueuePort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo(Executable!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _workspace,
        };
        foreach (var arg in new[]
        {
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start azurite");
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                return false;
            }

            if (await FreePort.AcceptsAsync(TablePort) && await FreePort.AcceptsAsync(BlobPort) && await FreePort.AcceptsAsync(QueuePort))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
