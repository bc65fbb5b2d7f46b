using System.Diagnostics;
using Serverless.Diag.TestKit.Action;

namespace Serverless.Diag.IntegrationTests.Action;

/// <summary>
/// A step as a GitHub Actions runner runs it: a workspace, fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
/// RUNNER_TEMP, GITHUB_ACTIONS=true; the command line as a separate process. The test's own GITHUB_* and RUNNER_*
/// variables (when the tests themselves run in Actions) are not passed on.
/// </summary>
internal sealed class RunnerStep : IDisposable
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromMinutes(3);

    public RunnerStep()
    {
        Root = Directory.CreateTempSubdirectory("serverless-diag-step-").FullName;
        Workspace = Directory.CreateDirectory(Path.Combine(Root, "workspace")).FullName;
        RunnerTemp = Directory.CreateDirectory(Path.Combine(Root, "runner-temp")).FullName;
        OutputPath = Path.Combine(Root, "set_output_file");
        SummaryPath = Path.Combine(Root, "step_summary_file");
        File.WriteAllText(OutputPath, string.Empty);
        File.WriteAllText(SummaryPath, string.Empty);
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["CI"] = "true",
            ["GITHUB_OUTPUT"] = OutputPath,
            ["GITHUB_STEP_SUMMARY"] = SummaryPath,
            ["GITHUB_WORKSPACE"] = Workspace,
            ["RUNNER_TEMP"] = RunnerTemp,
            ["GITHUB_REPOSITORY"] = "acme/backend",
            ["GITHUB_SERVER_URL"] = "https://github.example",
            ["GITHUB_RUN_ID"] = "4242",
            ["GITHUB_EVENT_NAME"] = "push",
            ["NO_COLOR"] = "1",
        };
    }

    public string Root { get; }

    public string Workspace { get; }

    public string RunnerTemp { get; }

    public string OutputPath { get; }

    public string SummaryPath { get; }

    public Dictionary<string, string> Environment { get; }

    /// <summary>The command line the test project references, as the runner would start it: <c>dotnet serverless-diag.dll</c>.</summary>
    public static string CliPath { get; } = Path.Combine(AppContext.BaseDirectory, "serverless-diag.dll");

    public string WriteConfig(string yaml, string name = "diag.yaml")
    {
        var path = Path.Combine(Workspace, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    public string WritePullRequestEvent(int number)
    {
        var path = Path.Combine(Root, "event.json");
        File.WriteAllText(path, $$"""{ "action": "synchronize", "number": {{number}}, "pull_request": { "number": {{number}}, "state": "open" } }""");
        Environment["GITHUB_EVENT_NAME"] = "pull_request";
        Environment["GITHUB_EVENT_PATH"] = path;
        return path;
    }

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for test hosts), else the one on PATH.</summary>
    public static string DotnetHost { get; } = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The command line as the gate step starts it: the AOT binary when the tests were given one (<see cref="Cli.CliLaunch"/>).</summary>
    public Task<StepResult> RunCliAsync(params string[] arguments)
    {
        var start = Cli.CliLaunch.StartInfo(DotnetHost, CliPath);
        return RunAsync(start.FileName, [.. start.ArgumentList, .. arguments]);
    }

    public async Task<StepResult> RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal) || k.StartsWith("RUNNER_", StringComparison.Ordinal) || k.StartsWith("INPUT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(ProcessLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not exit within {ProcessLimit}: {await stderr}");
        }

        return new StepResult(process.ExitCode, await stdout, await stderr, await File.ReadAllTextAsync(OutputPath), await File.ReadAllTextAsync(SummaryPath));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file on Windows; the temp folder is cleaned later.
        }
    }
}

internal sealed record StepResult(int ExitCode, string Stdout, string Stderr, string OutputFile, string Summary)
{
    public IReadOnlyDictionary<string, string> Outputs => RunnerFileCommandReader.Read(OutputFile);

    public IReadOnlyList<RunnerWorkflowCommand> Commands => RunnerWorkflowCommand.ParseAll(Stdout);

    public IReadOnlyList<RunnerWorkflowCommand> Annotations => [.. Commands.Where(c => c.Command is "error" or "warning" or "notice")];

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}\n--- GITHUB_OUTPUT\n{OutputFile}";
}
