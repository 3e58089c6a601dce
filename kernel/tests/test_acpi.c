/* drivers/acpi_parse.c on sound and malformed tables: entries cut short,
 * lengths past the table, tables shorter than their fields, \_S5 cut at
 * every byte. Each table is copied into a buffer of exactly its length,
 * so AddressSanitizer catches any read past it. */
#include "check.h"
#include "drivers/acpi_parse.h"

/* A table of len bytes: a heap copy the test frees. */
static uint8_t *table(const uint8_t *bytes, uint32_t len)
{
    uint8_t *t = malloc(len ? len : 1);
    memcpy(t, bytes, len);
    return t;
}

static uint32_t put(uint8_t *buf, uint32_t off, const void *entry, uint32_t n)
{
    memcpy(buf + off, entry, n);
    return off + n;
}

static const uint8_t LAPIC_ON[8] = { 0, 8, 0, 0, 1, 0, 0, 0 };
static const uint8_t LAPIC_OFF[8] = { 0, 8, 1, 1, 0, 0, 0, 0 };
static const uint8_t IOAPIC[12] = { 1, 12, 0, 0, 0x00, 0x10, 0xC0, 0xFE, 0, 0, 0, 0 };
static const uint8_t OVERRIDE[10] = { 2, 10, 0, 0, 2, 0, 0, 0, 5, 0 };   /* IRQ 0 -> GSI 2, flags 5 */
static const uint8_t X2APIC[16] = { 9, 16 };

static struct acpi_madt parse_madt(const uint8_t *bytes, uint32_t len, bool *ok)
{
    struct acpi_madt m;
    uint8_t *t = table(bytes, len);
    *ok = acpi_parse_madt(t, len, &m);
    free(t);
    return m;
}

static void madt(void)
{
    uint8_t buf[512] = { 'A', 'P', 'I', 'C' };
    uint32_t n = 44;
    n = put(buf, n, LAPIC_ON, 8);
    n = put(buf, n, LAPIC_OFF, 8);
    n = put(buf, n, IOAPIC, 12);
    n = put(buf, n, OVERRIDE, 10);
    n = put(buf, n, X2APIC, 16);
    bool ok;
    struct acpi_madt m = parse_madt(buf, n, &ok);
    CHECK(ok);
    CHECK_EQ(m.ncpus, 1);
    CHECK(m.has_ioapic);
    CHECK_EQ(m.ioapic, 0xFEC01000u);
    CHECK_EQ(m.noverrides, 1);
    CHECK_EQ(m.overrides[0].gsi, 2);
    CHECK_EQ(m.overrides[0].flags, 5);
    CHECK_EQ(m.skipped.count, 0);

    /* Every cut of the table: what lies wholly inside is read, the rest
     * is skipped (a cut inside an entry says so), nothing past the end. */
    for (uint32_t len = 0; len <= n; len++) {
        m = parse_madt(buf, len, &ok);
        CHECK_EQ(ok, len >= 44);
        CHECK_EQ(m.ncpus, len >= 52);
        CHECK_EQ(m.has_ioapic, len >= 72);
        CHECK_EQ(m.skipped.count, len > 44 && len != 52 && len != 60 && len != 72 && len != 82 && len != n);
    }

    /* A local APIC entry of length 4 (its flags would lie past it): skipped, the walk goes on. */
    uint8_t bad[64] = { 'A', 'P', 'I', 'C' };
    uint32_t k = 44;
    k = put(bad, k, (const uint8_t[]){ 0, 4, 0, 0 }, 4);
    k = put(bad, k, LAPIC_ON, 8);
    m = parse_madt(bad, k, &ok);
    CHECK_EQ(m.ncpus, 1);
    CHECK_EQ(m.skipped.count, 1);
    CHECK_EQ(m.skipped.offset, 44);
    /* An I/O APIC entry of 8 bytes, an override of 9: skipped. */
    k = 44;
    k = put(bad, k, (const uint8_t[]){ 1, 8, 0, 0, 1, 2, 3, 4 }, 8);
    k = put(bad, k, (const uint8_t[]){ 2, 9, 0, 0, 2, 0, 0, 0, 5 }, 9);
    m = parse_madt(bad, k, &ok);
    CHECK(!m.has_ioapic);
    CHECK_EQ(m.noverrides, 0);
    CHECK_EQ(m.skipped.count, 2);
    /* Length 0 or 1: the walk cannot go on; length past the end: neither. */
    for (uint8_t elen = 0; elen < 2; elen++) {
        k = 44;
        k = put(bad, k, (const uint8_t[]){ 0, elen, 0, 0, 1, 0, 0, 0 }, 8);
        m = parse_madt(bad, k, &ok);
        CHECK_EQ(m.ncpus, 0);
        CHECK_EQ(m.skipped.count, 1);
    }
    k = 44;
    k = put(bad, k, (const uint8_t[]){ 0, 255, 0, 0, 1, 0, 0, 0 }, 8);
    m = parse_madt(bad, k, &ok);
    CHECK_EQ(m.ncpus, 0);
    CHECK_EQ(m.skipped.count, 1);

    /* More overrides than are kept: the first ACPI_MAX_OVERRIDES. */
    n = 44;
    for (int i = 0; i < ACPI_MAX_OVERRIDES + 3; i++)
        n = put(buf, n, OVERRIDE, 10);
    m = parse_madt(buf, n, &ok);
    CHECK_EQ(m.noverrides, ACPI_MAX_OVERRIDES);
}

static void put32(uint8_t *t, uint32_t off, uint32_t v) { memcpy(t + off, &v, 4); }
static void put64(uint8_t *t, uint32_t off, uint64_t v) { memcpy(t + off, &v, 8); }

static void fadt(void)
{
    uint8_t f[276] = { 'F', 'A', 'C', 'P' };
    put32(f, 40, 0x1000);                 /* DSDT */
    put32(f, 48, 0xB2);                   /* SMI_CMD */
    f[46] = 9;                            /* SCI_INT */
    f[52] = 0xF1;                         /* ACPI_ENABLE */
    put32(f, 56, 0x600);                  /* PM1a_EVT_BLK */
    put32(f, 60, 0x700);
    f[88] = 4;                            /* PM1_EVT_LEN */
    put32(f, 64, 0x604);                  /* PM1a_CNT_BLK */
    put32(f, 68, 0x704);
    put32(f, 112, 1u << 10);              /* RESET_REG_SUP */
    f[116] = 1;                           /* reset register: I/O */
    put64(f, 120, 0xCF9);
    f[128] = 6;
    put64(f, 140, 0x2000);                /* X_DSDT */
    f[244] = 1;
    put64(f, 248, 0x3000);                /* SLEEP_CONTROL_REG */
    for (uint32_t len = 0; len <= sizeof f; len++) {
        struct acpi_fadt a;
        uint8_t *t = table(f, len);
        bool ok = acpi_parse_fadt(t, len, &a);
        free(t);
        CHECK_EQ(ok, len >= 72);
        if (!ok)
            continue;
        CHECK_EQ(a.pm1a_cnt, 0x604);
        CHECK_EQ(a.pm1b_cnt, 0x704);
        CHECK_EQ(a.smi_cmd, 0xB2);
        CHECK_EQ(a.acpi_enable, 0xF1);
        CHECK_EQ(a.sci_int, 9);
        CHECK_EQ(a.pm1a_evt, len >= 89 ? 0x600 : 0);
        CHECK_EQ(a.pm1b_evt, len >= 89 ? 0x700 : 0);
        CHECK_EQ(a.pm1_evt_len, len >= 89 ? 4 : 0);
        CHECK_EQ(a.has_reset, len >= 129);
        if (a.has_reset)
            CHECK_EQ(a.reset_address, 0xCF9);
        CHECK_EQ(a.dsdt, len >= 148 ? 0x2000 : 0x1000);
        CHECK_EQ(a.sleep_address, len >= 256 ? 0x3000 : 0);
        CHECK_BAIL();
    }
    /* No fixed power button: a control-method one, hardware-reduced
     * ACPI, or event blocks too short for status and enable. */
    uint32_t none[] = { 1u << 4, 1u << 20 };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        struct acpi_fadt a;
        put32(f, 112, none[i]);
        CHECK(acpi_parse_fadt(f, sizeof f, &a));
        CHECK_EQ(a.pm1a_evt, 0);
    }
    struct acpi_fadt a;
    put32(f, 112, 0);
    f[88] = 2;
    CHECK(acpi_parse_fadt(f, sizeof f, &a));
    CHECK_EQ(a.pm1a_evt, 0);
}

static bool s5(const uint8_t *bytes, uint32_t len, uint16_t *a, uint16_t *b)
{
    uint8_t *t = table(bytes, len);
    bool found = acpi_find_s5(t, len, a, b);
    free(t);
    return found;
}

static void dsdt(void)
{
    /* Name(\_S5, Package(4){ 5, 5, 0, 0 }) after a header, and a hardware-reduced Package(1){ 5 }. */
    static const uint8_t aml[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0A, 0x05, 0x0A, 0x06,
                                   0x00, 0x00 };
    static const uint8_t reduced[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x01, 0x0A, 0x05 };
    uint8_t d[ACPI_HEADER_LEN + sizeof aml] = { 'D', 'S', 'D', 'T' };
    memcpy(d + ACPI_HEADER_LEN, aml, sizeof aml);
    uint16_t a = 99, b = 99;
    CHECK(s5(d, sizeof d, &a, &b));
    CHECK_EQ(a, 5);
    CHECK_EQ(b, 6);
    /* Cut anywhere before SLP_TYPb's end: not found, and nothing read past the cut. */
    for (uint32_t len = 0; len < ACPI_HEADER_LEN + 13; len++)
        CHECK(!s5(d, len, &a, &b));

    uint8_t r[ACPI_HEADER_LEN + sizeof reduced] = { 'D', 'S', 'D', 'T' };
    memcpy(r + ACPI_HEADER_LEN, reduced, sizeof reduced);
    CHECK(s5(r, sizeof r, &a, &b));
    CHECK_EQ(a, 5);
    CHECK_EQ(b, 0);
    for (uint32_t len = 0; len < sizeof r; len++)
        CHECK(!s5(r, len, &a, &b));
    /* A 4-byte PkgLength whose bytes run past the end. */
    r[ACPI_HEADER_LEN + 6] = 0xC0;
    CHECK(!s5(r, ACPI_HEADER_LEN + 8, &a, &b));
}

static void root(void)
{
    CHECK_EQ(acpi_root_count(0, true), 0);
    CHECK_EQ(acpi_root_count(35, false), 0);
    CHECK_EQ(acpi_root_count(36 + 12, false), 3);
    CHECK_EQ(acpi_root_count(36 + 12, true), 1);          /* half an entry is not one */
    uint8_t x[36 + 16] = { 'X', 'S', 'D', 'T' };
    put64(x, 36, 0x7FFE1234);
    put64(x, 44, 0x100000000ull);
    uint8_t *t = table(x, sizeof x);
    CHECK_EQ(acpi_root_entry(t, true, 0), 0x7FFE1234);
    CHECK_EQ(acpi_root_entry(t, true, 1), 0x100000000ull);
    CHECK_EQ(acpi_root_entry(t, false, 3), 1);
    free(t);
    uint8_t sum[4] = { 1, 2, 3, (uint8_t)-6 };
    CHECK(acpi_checksum_ok(sum, 4));
    CHECK(!acpi_checksum_ok(sum, 3));
}

int main(void)
{
    madt();
    fadt();
    dsdt();
    root();
    check_done("test_acpi");
}
