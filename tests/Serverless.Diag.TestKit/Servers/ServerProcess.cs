using System.Diagnostics;
using System.Text;

namespace Serverless.Diag.TestKit.Servers;

/// <summary>
/// A throwaway server process (redis-server, Azurite) in a temp workspace of its own: started until every port it was
/// given accepts connections, retried on fresh ports when one was taken meanwhile, killed on stop, its workspace deleted
/// on dispose. What it prints (when its output is redirected) is kept for a failure message.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const int Attempts = 3;

    private readonly StringBuilder _output = new();
    private Process? _process;

    public ServerProcess(string prefix)
    {
        Workspace = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Workspace);
    }

    public string Workspace { get; }

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

    /// <param name="name">The server, for the error.</param>
    /// <param name="prepare">Chooses free ports (again on each attempt) and says how to start and which ports must accept.</param>
    /// <param name="ready">How long one attempt may take to accept on every port.</param>
    /// <param name="describe">What the server said, for the error when no attempt worked.</param>
    public async Task StartAsync(string name, Func<Task<(ProcessStartInfo Start, int[] Ports)>> prepare, TimeSpan ready, Func<Task<string>> describe)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (start, ports) = await prepare();
            if (await TryStartAsync(start, ports, ready))
            {
                return;
            }

            await StopAsync();
            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"{name} did not start:\n{await describe()}");
            }
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
            Directory.Delete(Workspace, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp dir is not worth failing a test over.
        }
    }

    private async Task<bool> TryStartAsync(ProcessStartInfo start, int[] ports, TimeSpan ready)
    {
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        _process = process;
        if (start.RedirectStandardOutput)
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
        }

        if (start.RedirectStandardError)
        {
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginErrorReadLine();
        }

        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < ready)
        {
            if (process.HasExited)
            {
                return false;
            }

            if (await AllAcceptAsync(ports))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static async Task<bool> AllAcceptAsync(int[] ports)
    {
        foreach (var port in ports)
        {
            if (!await FreePort.AcceptsAsync(port))
            {
                return false;
            }
        }

        return true;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
