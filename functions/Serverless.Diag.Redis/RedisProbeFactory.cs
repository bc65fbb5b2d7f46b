using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Redis;

/// <summary>The <c>redis</c> check: latency, a write/read round trip, memory against maxmemory, hit ratio, evictions, clients, slow log.</summary>
public sealed class RedisProbeFactory : IProbeFactory
{
    public const string Connection = "connection";
    public const string Command = "command";

    public string Type => "redis";

    public IReadOnlyCollection<string> SettingKeys { get; } = [Connection, Command];

    public MeasurementVocabulary Vocabulary => RedisVocabulary.Instance;

    public IProbe? Create(CheckSettings settings)
    {
        var valid = true;
        var connection = settings.Secret(Connection, required: true);
        var commandText = settings.String(Command);

        StackExchange.Redis.ConfigurationOptions? configuration = null;
        if (connection is null)
        {
            valid = false;
        }
        else if (RedisConnectionSettings.TryParse(connection, out var error) is { } parsed)
        {
            configuration = RedisConnectionSettings.ForProbe(parsed, settings.Check.Timeout);
            settings.Secrets.Add(configuration.Password);
        }
        else
        {
            settings.Error(Connection, settings.Secrets.Redact(error!));
            valid = false;
        }

        RedisCommand? command = null;
        if (commandText is not null)
        {
            command = RedisCommand.TryParse(commandText, out var error);
            if (command is null)
            {
                settings.Error(settings.Node(Command)!, error!);
                valid = false;
            }
        }

        return valid ? new RedisProbe(new RedisProbeOptions(configuration!, command)) : null;
    }
}
