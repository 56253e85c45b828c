using Microsoft.EntityFrameworkCore;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Data.Conversions;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Stores;

/// <summary>Settings, nodes, catalog, active node and epoch. Every method uses its own short-lived context.</summary>
public sealed partial class ClusterRepository(IDbContextFactory<SharesDbContext> factory, TimeProvider time)
{
    /// <summary>The stored cluster, or null before <see cref="SeedIfEmptyAsync"/>.</summary>
    public async Task<StoredCluster?> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var settings = await db.ClusterSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (settings is null)
        {
            return null;
        }

        var nodes = await db.Nodes.AsNoTracking().OrderBy(n => n.Preference).ThenBy(n => n.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        var services = await db.Services.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var topology = new ClusterTopology
        {
            Settings = ClusterMapping.ToSettings(settings),
            Nodes = [.. nodes.Select(NodeMapping.ToState)],
            ActiveNode = settings.ActiveNode,
            Epoch = settings.Epoch,
        };
        return new StoredCluster(topology, ServiceCatalog.Create(services.Select(CatalogMapping.ToDefinition)), settings.Version);
    }

    /// <summary>Stores the topology and catalog when the database has no cluster yet; false when one is already there.</summary>
    public async Task<bool> SeedIfEmptyAsync(ClusterTopology topology, ServiceCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(catalog);
        RejectDuplicateNames(topology);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.ClusterSettings.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var settings = new ClusterSettingsEntity { ActiveNode = topology.ActiveNode, Epoch = topology.Epoch, Version = 1 };
        ClusterMapping.Apply(topology.Settings, settings);
        db.ClusterSettings.Add(settings);
        var now = time.GetUtcNow();
        foreach (var state in topology.Nodes)
        {
            var node = new NodeEntity { Intent = (int)state.Intent, EnrolledAt = now };
            NodeMapping.Apply(state.Node, node);
            db.Nodes.Add(node);
        }

        db.Services.AddRange(catalog.Services.Select(CatalogMapping.ToEntity));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // A concurrent seeder won the race for the settings row; one seed is all we want.
            return false;
        }
    }

    /// <summary>
    /// Replaces the editable settings (not the active node or the epoch); false before seeding. The row's version is a
    /// concurrency token that an epoch raise or another save may move between the read and the write; the settings are
    /// a whole replacement, so they are applied again to the row as it now is.
    /// </summary>
    public async Task<bool> SaveSettingsAsync(ClusterSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Saves of this process go one at a time, so they never outrun each other; a save then retries only when an epoch
        // raise (or another control plane) moved the row between its read and its write. Sixteen saves at once used to
        // retry against each other until one ran out of attempts (seen on MariaDB in CI).
        await _settingsSaves.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
                var row = await db.ClusterSettings.SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (row is null)
                {
                    return false;
                }

                ClusterMapping.Apply(settings, row);
                row.Version++;
                try
                {
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (DbUpdateConcurrencyException) when (attempt < MaxSaveAttempts)
                {
                    // Moved meanwhile: read it again.
                }
                catch (DbUpdateConcurrencyException ex)
                {
                    throw new StoreConflictException($"The cluster settings kept changing during {MaxSaveAttempts} attempts to save them; try again.", ex);
                }
            }
        }
        finally
        {
            _settingsSaves.Release();
        }
    }

    private const int MaxSaveAttempts = 20;

    private readonly SemaphoreSlim _settingsSaves = new(1, 1);

    /// <summary>Replaces the service catalog as a whole.</summary>
    public async Task SaveCatalogAsync(ServiceCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Services.ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        db.Services.AddRange(catalog.Services.Select(CatalogMapping.ToEntity));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void RejectDuplicateNames(ClusterTopology topology)
    {
        var duplicate = topology.Nodes.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new StoreConflictException($"The topology names node '{duplicate.Key}' {duplicate.Count()} times; node names must be unique.");
        }
    }
}
