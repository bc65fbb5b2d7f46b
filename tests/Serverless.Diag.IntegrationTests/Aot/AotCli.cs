using System.Diagnostics;

namespace Serverless.Diag.IntegrationTests.Aot;

/// <summary>Runs the Native AOT binary as a user would: its own process, its own working folder, only the given variables added.</summary>
internal static class AotCli
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    // Settings of the developer's shell that would change what the binary does.
    private static readonly string[] Inherited = ["GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL", "GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_WORKSPACE", "DIAG_API_KEY", "DIAG_SCHEDULE", "DIAG_CONFIG", "DIAG_STATE", "APPLICATIONINSIGHTS_CONNECTION_STRING"];

    public static async Task<Outcome> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(await AotBinary.PathAsync())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in Inherited)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"serverless-diag {string.Join(' ', arguments)} did not finish within 3 minutes");
        }

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
