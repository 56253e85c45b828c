using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<UserEntity>
{
    public void Configure(EntityTypeBuilder<UserEntity> builder)
    {
        builder.ToTable("Users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.UserName).HasMaxLength(ColumnSizes.Name).IsRequired();
        builder.HasIndex(u => u.UserName).IsUnique();
        builder.Property(u => u.PasswordHash).HasMaxLength(ColumnSizes.Hash).IsRequired();
        builder.Property(u => u.Role).HasMaxLength(ColumnSizes.Enum).IsRequired();
    }
}
