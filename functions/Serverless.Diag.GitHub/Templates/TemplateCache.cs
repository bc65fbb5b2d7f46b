using Microsoft.Extensions.Logging;
using Serverless.Diag.GitHub.Api;

namespace Serverless.Diag.GitHub.Templates;

/// <summary>Reads the configured repository template once, when the first issue needs it; any problem falls back to the built-in template.</summary>
internal sealed class TemplateCache(IssueGateway gateway, string? path, string? localFile, ILogger logger)
{
    private IssueTemplate? _template;
    private bool _loaded;

    public async Task<IssueTemplate?> GetAsync(CancellationToken cancellationToken)
    {
        if (_loaded || string.IsNullOrWhiteSpace(path))
        {
            return _template;
        }

        try
        {
            // A checkout (the Action) has the template at hand; otherwise the contents API reads the default branch's copy.
            var text = localFile is not null ? await File.ReadAllTextAsync(localFile, cancellationToken) : await gateway.GetFileAsync(path, cancellationToken);
            if (text is null)
            {
                logger.LogWarning("Issue template {Path} not found in the repository; using the built-in template", path);
            }
            else
            {
                _template = IssueTemplateParser.Parse(path, text);
            }

            _loaded = true;
        }
        catch (FormatException ex)
        {
            logger.LogWarning("Issue template {Path} is invalid ({Problem}); using the built-in template", path, ex.Message);
            _loaded = true;
        }
        catch (GitHubCallException ex)
        {
            // Not cached: a transient fault should not pin the built-in template for the life of the process.
            logger.LogWarning("Issue template {Path} could not be read ({Problem}); using the built-in template this time", path, ex.Message);
        }

        return _template;
    }
}
