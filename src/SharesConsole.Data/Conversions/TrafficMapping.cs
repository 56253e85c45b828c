using SharesConsole.Data.Entities;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Conversions;

public static class TrafficMapping
{
    public static void Apply(TrafficSample sample, TrafficSampleEntity entity)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(entity);
        entity.Node = sample.Node;
        entity.Protocol = sample.Protocol;
        entity.Minute = TrafficSample.TruncateToMinute(sample.Minute);
        entity.Requests = sample.Requests;
        entity.Responses2xx = sample.Responses2xx;
        entity.Responses3xx = sample.Responses3xx;
        entity.Responses4xx = sample.Responses4xx;
        entity.Responses5xx = sample.Responses5xx;
        entity.BytesIn = sample.BytesIn;
        entity.BytesOut = sample.BytesOut;
        entity.Connections = sample.Connections;
        entity.UdpFlows = sample.UdpFlows;
        entity.Errors = sample.Errors;
    }

    public static TrafficSample ToSample(TrafficSampleEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new TrafficSample
        {
            Node = entity.Node,
            Protocol = entity.Protocol,
            Minute = entity.Minute,
            Requests = entity.Requests,
            Responses2xx = entity.Responses2xx,
            Responses3xx = entity.Responses3xx,
            Responses4xx = entity.Responses4xx,
            Responses5xx = entity.Responses5xx,
            BytesIn = entity.BytesIn,
            BytesOut = entity.BytesOut,
            Connections = entity.Connections,
            UdpFlows = entity.UdpFlows,
            Errors = entity.Errors,
        };
    }
}
