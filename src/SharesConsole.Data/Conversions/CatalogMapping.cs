using SharesConsole.Core.Catalog;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Conversions;

public static class CatalogMapping
{
    public static ServiceEntity ToEntity(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var entity = new ServiceEntity
        {
            Name = service.Name,
            Kind = service.Kind.ToString(),
            StartOrder = service.StartOrder,
            ProbeKind = service.Probe.Kind.ToString(),
            ProbePort = service.Probe.Port,
            ProbeFallbackPort = service.Probe.FallbackPort,
            ProbePath = service.Probe.Path,
            ProbeTls = service.Probe.UseTls,
            ProbeExpectEmptyBody = service.Probe.ExpectEmptyBody,
            ProbeTimeoutMs = (int)service.Probe.Timeout.TotalMilliseconds,
            Note = service.Note,
        };
        if (service.SecondaryProbe is { } second)
        {
            entity.SecondaryProbeKind = second.Kind.ToString();
            entity.SecondaryProbePort = second.Port;
            entity.SecondaryProbeFallbackPort = second.FallbackPort;
            entity.SecondaryProbePath = second.Path;
            entity.SecondaryProbeTls = second.UseTls;
            entity.SecondaryProbeExpectEmptyBody = second.ExpectEmptyBody;
            entity.SecondaryProbeTimeoutMs = (int)second.Timeout.TotalMilliseconds;
        }

        return entity;
    }

    public static ServiceDefinition ToDefinition(ServiceEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var column = $"Services[{entity.Name}]";
        return new ServiceDefinition
        {
            Name = entity.Name,
            Kind = StoredText.Enum<ServiceKind>(entity.Kind, column + ".Kind"),
            StartOrder = entity.StartOrder,
            Note = entity.Note,
            Probe = new ProbeDefinition
            {
                Kind = StoredText.Enum<ProbeKind>(entity.ProbeKind, column + ".ProbeKind"),
                Port = entity.ProbePort,
                FallbackPort = entity.ProbeFallbackPort,
                Path = entity.ProbePath,
                UseTls = entity.ProbeTls,
                ExpectEmptyBody = entity.ProbeExpectEmptyBody,
                Timeout = TimeSpan.FromMilliseconds(entity.ProbeTimeoutMs),
            },
            SecondaryProbe = entity.SecondaryProbeKind is null ? null : new ProbeDefinition
            {
                Kind = StoredText.Enum<ProbeKind>(entity.SecondaryProbeKind, column + ".SecondaryProbeKind"),
                Port = entity.SecondaryProbePort,
                FallbackPort = entity.SecondaryProbeFallbackPort,
                Path = entity.SecondaryProbePath,
                UseTls = entity.SecondaryProbeTls,
                ExpectEmptyBody = entity.SecondaryProbeExpectEmptyBody,
                Timeout = TimeSpan.FromMilliseconds(entity.SecondaryProbeTimeoutMs),
            },
        };
    }
}
