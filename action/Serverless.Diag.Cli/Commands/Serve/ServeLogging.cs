using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli.Commands.Serve;

/// <summary>
/// serve's log: single-line console messages on stdout at Information, the framework's own at Warning (ASP.NET Core's
/// request lines would print the query, which may hold the key: code=). Built on the first message, on a container of
/// its own: the logging library is configured through DI, and serve has no other container.
/// </summary>
internal sealed class ServeLogging : IAsyncDisposable
{
    private readonly Lazy<ServiceProvider> _services;
    private readonly DeferredLoggerFactory _factory;

    /// <param name="extra">Another destination for the same lines (tests record them).</param>
    public ServeLogging(ILoggerProvider? extra = null)
    {
        _services = new Lazy<ServiceProvider>(() => new ServiceCollection()
            .AddLogging(logging =>
            {
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.IncludeScopes = false;
                });
                logging.AddFilter("Microsoft", LogLevel.Warning);
                logging.AddFilter("System", LogLevel.Warning);
                if (extra is not null)
                {
                    logging.AddProvider(extra);
                }
            })
            .BuildServiceProvider());
        _factory = new DeferredLoggerFactory(() => _services.Value.GetRequiredService<ILoggerFactory>(), LogLevel.Information);
    }

    public ILoggerFactory Factory => _factory;

    /// <summary>The logging container, once something was logged (ServeLoggingGenericsTests reads what it resolved).</summary>
    internal ServiceProvider? Services => _services.IsValueCreated ? _services.Value : null;

    public async ValueTask DisposeAsync()
    {
        if (_services.IsValueCreated)
        {
            // Disposing the container disposes its logger factory and flushes the console's queue.
            await _services.Value.DisposeAsync();
        }
    }
}
