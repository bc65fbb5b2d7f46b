using Azure.Core;
using Azure.Core.Pipeline;
using Serverless.Diag.State;

namespace Serverless.Diag.AzureStorage;

/// <summary>Counts the requests the table client sends (each retry too): reads are GETs, everything else writes.</summary>
internal sealed class RequestCounter(StoreCounters counters) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        lock (counters)
        {
            if (message.Request.Method == RequestMethod.Get)
            {
                counters.Reads++;
            }
            else if (message.Request.Method == RequestMethod.Delete)
            {
                counters.Deletes++;
            }
            else
            {
                counters.Writes++;
            }
        }
    }
}
