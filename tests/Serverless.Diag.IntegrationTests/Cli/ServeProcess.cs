using System.Diagnostics;
using System.Text;
using Serverless.Diag.IntegrationTests.Functions;

namespace Serverless.Diag.IntegrationTests.Cli;

/// <summary>
/// <c>serverless-diag serve</c> as its own process (the AOT binary or the built CLI under <c>dotnet</c>: <see cref="CliLaunch"/>), with only the environment a test
/// gives it: what a container or a systemd unit would run. Output is stdout and stderr interleaved.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    public const string ReadyLine = "serverless-diag serve: /api/diagnose on";

    // Settings of the developer's shell that would change what serve does.
    private static readonly string[] Inherited = ["GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL", "DIAG_API_KEY", "DIAG_SCHEDULE", "DIAG_CONFIG", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "DIAG_VERBOSE"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The CLI as the build left it beside the sources (the same configuration as this test assembly).</summary>
    public static string CliAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            return Path.Combine(PackagedApp.RepositoryRoot(), "action", "Serverless.Diag.Cli", "bin", configuration, "net10.0", "serverless-diag.dll");
        }
    }

    public static ServeProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Start(CliLaunch.StartInfo("dotnet", CliAssembly), environment, args);

    /// <summary>serve from the program <paramref name="start"/> names (e.g. the Native AOT binary).</summary>
    public static ServeProcess Start(ProcessStartInfo start, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = Path.GetTempPath();
        start.ArgumentList.Add("serve");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in Inherited)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var serve = new ServeProcess(process);
        process.OutputDataReceived += (_, e) => serve.Append(e.Data);
        process.ErrorDataReceived += (_, e) => serve.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return serve;
    }

    /// <summary>Waits for the process to end on its own; fails the test when it does not within <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"serve still running after {timeout.TotalSeconds:0} s: {Output}");
        }

        // The last lines of output arrive with the stream's end.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the output so far (or the process ended).</summary>
    public async Task WaitForAsync(Func<string, bool> condition, TimeSpan timeout, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition(Output))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"serve exited ({_process.ExitCode}) before {what}: {Output}");
            }

            if (waited.Elapsed > timeout)
            {
                throw new InvalidOperationException($"no {what} within {timeout.TotalSeconds:0} s: {Output}");
            }

            await Task.Delay(100);
        }
    }

    public Task WaitUntilListeningAsync() => WaitForAsync(o => o.Contains(ReadyLine, StringComparison.Ordinal), TimeSpan.FromSeconds(90), "listening line");

    /// <summary>SIGTERM, as a container runtime or systemd stops it; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await ExitCodeAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
