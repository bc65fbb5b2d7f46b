using System.Diagnostics;
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

    private readonly ServerProcess _process = new("sdiag-azurite-");

    private AzuriteServer()
    {
    }

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
    public string Log => _process.Output;

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
        var server = new AzuriteServer();
        try
        {
            // Azurite reports port 0 back as 0, so free ports are chosen here (and again if one was taken meanwhile).
            await server._process.StartAsync("azurite", () => Task.FromResult(server.NextStart()), TimeSpan.FromSeconds(60), () => Task.FromResult(server.Log));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the emulator, so a test can see a store that went away.</summary>
    public Task StopAsync() => _process.StopAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private (ProcessStartInfo Start, int[] Ports) NextStart()
    {
        (TablePort, BlobPort, QueuePort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo(Executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _process.Workspace,
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

        return (start, [TablePort, BlobPort, QueuePort]);
    }
}
