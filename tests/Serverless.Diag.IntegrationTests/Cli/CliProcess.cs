using System.Diagnostics;

namespace Serverless.Diag.IntegrationTests.Cli;

/// <summary>
/// Runs the built <c>serverless-diag</c> as a separate process: what only a real process shows (a stack overflow, the
/// console logger writing to the real stderr) is seen only this way. Only the given variables are added to the child's
/// environment; a run that outlives <paramref name="patience"/> is killed and fails the test.
/// </summary>
internal static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(TimeSpan patience, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = CliLaunch.StartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "serverless-diag.dll"));
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"serverless-diag {string.Join(' ', arguments)} did not finish within {patience.TotalSeconds:0}s");
        }

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
