using System.Diagnostics;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// Runs infra/package.sh once into a temporary folder: the layout tests read the zip, the host-protocol tests start
/// the published worker from the extracted tree (each with its own diag.yaml through DIAG_CONFIG).
/// </summary>
public sealed class PackagedApp : IAsyncLifetime
{
    public const string Config = """
        version: 1
        environments:
          staging:
            vars: { base: "http://127.0.0.1:9" }
        checks: []
        """;

    private string _output = string.Empty;

    public string AppDirectory => Path.Combine(_output, "functionapp");

    public string Zip => Path.Combine(_output, "functionapp.zip");

    public string Log { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _output = Directory.CreateTempSubdirectory("diag-package-").FullName;
        var config = Path.Combine(_output, "my-diag.yaml");
        await File.WriteAllTextAsync(config, Config);

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot(),
        };
        foreach (var arg in new[] { Path.Combine("infra", "package.sh"), "--config", config, "--include", "examples", "--output", _output })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Log = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"infra/package.sh failed ({process.ExitCode}): {Log}");
        }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.Diag.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Serverless.Diag.sln not found");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_output, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Every test that needs the published app shares one package.sh run (and runs one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class PublishedAppCollection : ICollectionFixture<PackagedApp>
{
    public const string Name = "published functions app";
}
