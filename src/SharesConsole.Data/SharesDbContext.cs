using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Conversions;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data;

/// <summary>The SharesConsole database. Use short-lived instances from <see cref="IDbContextFactory{TContext}"/>.</summary>
public sealed class SharesDbContext(DbContextOptions<SharesDbContext> options) : DbContext(options)
{
    public DbSet<NodeEntity> Nodes => Set<NodeEntity>();

    public DbSet<ServiceEntity> Services => Set<ServiceEntity>();

    public DbSet<ClusterSettingsEntity> ClusterSettings => Set<ClusterSettingsEntity>();

    public DbSet<EventEntity> Events => Set<EventEntity>();

    public DbSet<EventCursorEntity> EventCursors => Set<EventCursorEntity>();

    public DbSet<OperationEntity> Operations => Set<OperationEntity>();

    public DbSet<OperationStepEntity> OperationSteps => Set<OperationStepEntity>();

    public DbSet<WebhookEntity> Webhooks => Set<WebhookEntity>();

    public DbSet<WebhookDeliveryEntity> WebhookDeliveries => Set<WebhookDeliveryEntity>();

    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    public DbSet<UserEntity> Users => Set<UserEntity>();

    public DbSet<TrafficSampleEntity> TrafficSamples => Set<TrafficSampleEntity>();

    public DbSet<DataProtectionKeyEntity> DataProtectionKeys => Set<DataProtectionKeyEntity>();

    public DbSet<EdgeEntity> Edges => Set<EdgeEntity>();

    public DbSet<LeaderLeaseEntity> LeaderLeases => Set<LeaderLeaseEntity>();

    public DbSet<ControlPlaneInstanceEntity> ControlPlaneInstances => Set<ControlPlaneInstanceEntity>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnly();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAppendOnly();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SharesDbContext).Assembly);
        if (Database.IsSqlite())
        {
            // MariaDB's default collation already compares names case-insensitively, as Core does.
            modelBuilder.Entity<NodeEntity>().Property(n => n.Name).UseCollation("NOCASE");
            modelBuilder.Entity<ServiceEntity>().Property(s => s.Name).UseCollation("NOCASE");
            modelBuilder.Entity<UserEntity>().Property(u => u.UserName).UseCollation("NOCASE");
            modelBuilder.Entity<WebhookEntity>().Property(w => w.Name).UseCollation("NOCASE");
            modelBuilder.Entity<EventEntity>().Property(e => e.Node).UseCollation("NOCASE");
            modelBuilder.Entity<EventEntity>().Property(e => e.Service).UseCollation("NOCASE");
            modelBuilder.Entity<TrafficSampleEntity>().Property(t => t.Node).UseCollation("NOCASE");
            modelBuilder.Entity<TrafficSampleEntity>().Property(t => t.Protocol).UseCollation("NOCASE");
        }
    }

    private void GuardAppendOnly()
    {
        if (ChangeTracker.Entries<EventEntity>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The event log is append-only: events cannot be changed or deleted.");
        }
    }
}
