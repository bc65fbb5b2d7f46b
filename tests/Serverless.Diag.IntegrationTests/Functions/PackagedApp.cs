using System.Diagnostics;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>Runs infra/package.sh once into a temporary folder; the layout tests share the result.</summary>
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
            WorkingDirectory = HandlerProcess.RepositoryRoot(),
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

    public Task DisposeAsync()
    {
        Directory.Delete(_output, recursive: true);
        return Task.CompletedTask;
    }
}
