namespace Serverless.Diag.State;

/// <summary>A store failure in one line (SDK messages run over many lines with headers and status details).</summary>
public static class StoreErrors
{
    public static string OneLine(Exception e)
    {
        var message = e.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        var first = end < 0 ? message : message[..end];
        return $"{e.GetType().Name}: {(first.Length > 300 ? first[..300] : first)}";
    }
}
