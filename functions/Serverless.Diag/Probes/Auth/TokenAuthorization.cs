using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Auth;

/// <summary>Turns a token source into the <c>Authorization</c> header of one request, or the error that stops the check.</summary>
internal static class TokenAuthorization
{
    public static async ValueTask<(KeyValuePair<string, string>? Header, ProbeError? Error)> HeaderAsync(ITokenSource source, ProbeContext context, CancellationToken cancellationToken)
    {
        try
        {
            var token = await source.GetTokenAsync(context, cancellationToken);
            context.Secrets.Add(token.Value);
            var header = "Bearer " + token.Value;
            context.Secrets.Add(header);
            return (new("Authorization", header), null);
        }
        catch (TokenUnavailableException e)
        {
            return (null, e.Error with { Message = context.Secrets.Redact(e.Error.Message) });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, new ProbeError(ErrorCause.Timeout,
                $"no token from the {context.Secrets.Redact(source.Description)} within the check's timeout of {Units.FormatDuration(context.Timeout)}"));
        }
    }
}
