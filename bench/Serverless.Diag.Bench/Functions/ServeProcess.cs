using System.Diagnostics;

namespace Serverless.Diag.Bench.Functions;

/// <summary>
/// A <c>serve</c> process started for a cold-start measurement: the clock runs from process start, its output is read
/// and dropped (so a full pipe never stalls it), and disposing kills the whole process tree.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    private readonly Stopwatch clock;
    private readonly Process process;

    private ServeProcess(int port, Stopwatch clock, Process process)
    {
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = GiveUpAfter };
        this.clock = clock;
        this.process = process;
    }

    public HttpClient Client { get; }

    public int Id => process.Id;

    public double ElapsedMs => clock.Elapsed.TotalMilliseconds;

    /// <summary>Starts <paramref name="start"/>, which must make serve listen on 127.0.0.1:<paramref name="port"/>.</summary>
    public static ServeProcess Start(ProcessStartInfo start, int port)
    {
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServeProcess(port, clock, process);
    }

    /// <summary>
    /// Asks <paramref name="path"/> until an answer <paramref name="accept"/> takes arrives (a refused connection is
    /// asked again after a millisecond; another answer at once), and returns it with the time from process start.
    /// Throws <paramref name="failure"/> when the process exits or a minute passes first.
    /// </summary>
    public async Task<(HttpResponseMessage Answer, double Ms)> AskUntilAnsweredAsync(string path, Func<HttpResponseMessage, bool> accept, string failure)
    {
        while (true)
        {
            try
            {
                var answer = await Client.GetAsync(path);
                var ms = ElapsedMs;
                if (accept(answer))
                {
                    return (answer, ms);
                }

                answer.Dispose();
            }
            catch (HttpRequestException)
            {
                await Task.Delay(1);
            }

            if (clock.Elapsed > GiveUpAfter || process.HasExited)
            {
                throw new InvalidOperationException(failure);
            }
        }
    }

    /// <summary>Throws unless a <c>/api/diagnose</c> answer says the diagnosis passed.</summary>
    public static async Task EnsurePassedAsync(HttpResponseMessage diagnosis)
    {
        if (!diagnosis.IsSuccessStatusCode || diagnosis.Headers.GetValues("Serverless-Diag-Status").Single() != "pass")
        {
            throw new InvalidOperationException($"the diagnosis did not pass: {(int)diagnosis.StatusCode} {await diagnosis.Content.ReadAsStringAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        Client.Dispose();
    }
}
