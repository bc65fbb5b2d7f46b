using Microsoft.Extensions.Logging;

namespace Serverless.Diag.Cli.Infrastructure.Logging;

/// <summary>
/// Creates the console logging only when a message at or above <paramref name="minimumLevel"/> is logged: most
/// commands never log a line (a passing run or a valid config writes nothing to the log), and the console provider
/// starts a writer thread of its own.
/// </summary>
internal sealed class DeferredLoggerFactory(Func<ILoggerFactory> create, LogLevel minimumLevel) : ILoggerFactory
{
    private readonly Lazy<ILoggerFactory> _factory = new(create);
    private readonly LogLevel _minimumLevel = minimumLevel;

    /// <summary>Whether anything was logged, so the console logging exists (tests read it).</summary>
    public bool Created => _factory.IsValueCreated;

    public ILogger CreateLogger(string categoryName) => new DeferredLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => _factory.Value.AddProvider(provider);

    public void Dispose()
    {
        if (_factory.IsValueCreated)
        {
            _factory.Value.Dispose();
        }
    }

    private sealed class DeferredLogger(DeferredLoggerFactory owner, string categoryName) : ILogger
    {
        private ILogger? _logger;

        private ILogger Logger => _logger ??= owner._factory.Value.CreateLogger(categoryName);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => Logger.BeginScope(state);

        // Below the minimum nothing is written, so nothing needs creating to say so.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner._minimumLevel && Logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
