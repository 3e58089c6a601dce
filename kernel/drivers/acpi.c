/* Reads the ACPI tables the firmware left in memory: the MADT (CPUs,
 * I/O APIC, ISA interrupt overrides) and the FADT with the DSDT's \_S5
 * object (how to power off). Only parsing: no AML interpreter. */
#include "drivers/acpi.h"
#include "arch/x86_64/boot.h"
#include "arch/x86_64/x86.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/paging.h"

struct sdt_header {
    char signature[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem_id[6], oem_table_id[8];
    uint32_t oem_revision, creator_id, creator_revision;
} __attribute__((packed));

struct rsdp {
    char signature[8];
    uint8_t checksum;
    char oem_id[6];
    uint8_t revision;
    uint32_t rsdt;
    uint32_t length;
    uint64_t xsdt;
} __attribute__((packed));

#define MAX_OVERRIDES 16
#define DEFAULT_IOAPIC 0xFEC00000ul
#define SLP_EN (1u << 13)

static struct { uint8_t irq; uint32_t gsi; uint16_t flags; } overrides[MAX_OVERRIDES];
static int noverrides;
static uint64_t ioapic_phys = DEFAULT_IOAPIC;
static int ncpus;
static uint16_t pm1a_cnt, pm1b_cnt;
/* Hardware-reduced ACPI (microvm, many newer PCs): the FADT's sleep
 * control register instead of PM1 blocks. */
static struct { uint8_t space; uint64_t address; } sleep_control;
static uint16_t slp_typ_a, slp_typ_b;
static bool s5_known;
/* The FADT's reset register (ACPI 2.0+, when RESET_REG_SUP is set). */
static struct { uint8_t space; uint64_t address; uint8_t value; } reset_reg;

static bool checksum_ok(const void *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ((const uint8_t *)p)[i];
    return sum == 0;
}

/* A table mapped whole, or NULL when it is not a sane one. */
static const struct sdt_header *map_table(uint64_t phys)
{
    if (!phys)
        return NULL;
    const struct sdt_header *h = ioremap(phys, sizeof(*h));
    if (h->length < sizeof(*h) || h->length > (16u << 20))
        return NULL;
    h = ioremap(phys, h->length);
    return checksum_ok(h, h->length) ? h : NULL;
}

static const struct rsdp *scan_rsdp(uint64_t base, uint64_t len)
{
    const char *p = ioremap(base, len);
    for (uint64_t off = 0; off + 20 <= len; off += 16)
        if (memcmp(p + off, "RSD PTR ", 8) == 0 && checksum_ok(p + off, 20))
            return (const struct rsdp *)(p + off);
    return NULL;
}

/* Where PVH says, else the BIOS areas: the EBDA's first KiB and
 * 0xE0000-0xFFFFF. */
static const struct rsdp *find_rsdp(void)
{
    if (boot_info.rsdp_phys)
        return ioremap(boot_info.rsdp_phys, sizeof(struct rsdp));
    const uint16_t *ebda_seg = ioremap(0x40E, 2);
    const struct rsdp *r = *ebda_seg ? scan_rsdp((uint64_t)*ebda_seg << 4, 1024) : NULL;
    return r ? r : scan_rsdp(0xE0000, 0x20000);
}

static void parse_madt(const struct sdt_header *h)
{
    const uint8_t *p = (const uint8_t *)h + 44, *end = (const uint8_t *)h + h->length;
    while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
        switch (p[0]) {
        case 0:                                   /* processor local APIC */
            if (*(const uint32_t *)(p + 4) & 1)
                ncpus++;
            break;
        case 1:                                   /* I/O APIC: the first one */
            if (ioapic_phys == DEFAULT_IOAPIC)
                ioapic_phys = *(const uint32_t *)(p + 4);
            break;
        case 2:                                   /* interrupt source override */
            if (p[2] == 0 && noverrides < MAX_OVERRIDES) {
                overrides[noverrides].irq = p[3];
                overrides[noverrides].gsi = *(const uint32_t *)(p + 4);
                overrides[noverrides].flags = *(const uint16_t *)(p + 8);
                noverrides++;
            }
            break;
        }
        p += p[1];
    }
}

/* One element of \_S5's package: an integer as AML encodes small ones. */
static const uint8_t *aml_small_int(const uint8_t *p, uint16_t *v)
{
    if (*p == 0x0A) {                             /* BytePrefix */
        *v = p[1];
        return p + 2;
    }
    if (*p == 0x00 || *p == 0x01) {               /* ZeroOp, OneOp */
        *v = *p;
        return p + 1;
    }
    return NULL;
}

/* \_S5 is "Name(_S5, Package(){ SLP_TYPa, SLP_TYPb, ... })" in the DSDT. */
static void find_s5(const struct sdt_header *dsdt)
{
    const uint8_t *p = (const uint8_t *)dsdt + sizeof(*dsdt);
    const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;
    for (; p + 12 < end; p++) {
        if (memcmp(p, "_S5_", 4) != 0 || !(p[-1] == 0x08 || (p[-2] == 0x08 && p[-1] == '\\')))
            continue;
        const uint8_t *q = p + 4;
        if (*q++ != 0x12)                         /* PackageOp */
            continue;
        q += ((*q >> 6) & 3) + 1;                 /* PkgLength */
        uint8_t n = *q++;                         /* NumElements */
        /* Hardware-reduced firmware (microvm) gives only SLP_TYPa. */
        if ((q = aml_small_int(q, &slp_typ_a)) && (n < 2 || aml_small_int(q, &slp_typ_b)))
            s5_known = true;
        return;
    }
}

static void parse_fadt(const struct sdt_header *h)
{
    const uint8_t *f = (const uint8_t *)h;
    pm1a_cnt = (uint16_t)*(const uint32_t *)(f + 64);
    pm1b_cnt = (uint16_t)*(const uint32_t *)(f + 68);
    if (h->length >= 129 && (*(const uint32_t *)(f + 112) & (1u << 10))) {
        reset_reg.space = f[116];
        reset_reg.address = *(const uint64_t *)(f + 120);
        reset_reg.value = f[128];
    }
    if (h->length >= 256 && *(const uint64_t *)(f + 248)) {
        sleep_control.space = f[244];
        sleep_control.address = *(const uint64_t *)(f + 248);
    }
    uint64_t dsdt = *(const uint32_t *)(f + 40);
    if (h->length >= 148 && *(const uint64_t *)(f + 140))
        dsdt = *(const uint64_t *)(f + 140);
    const struct sdt_header *d = map_table(dsdt);
    if (d)
        find_s5(d);
    /* Firmware in legacy mode: ask it to hand ACPI over (SCI_EN). */
    uint32_t smi_cmd = *(const uint32_t *)(f + 48);
    uint8_t enable = f[52];
    if (pm1a_cnt && !(inw(pm1a_cnt) & 1) && smi_cmd && enable) {
        outb((uint16_t)smi_cmd, enable);
        for (int i = 0; i < 1000000 && !(inw(pm1a_cnt) & 1); i++)
            cpu_relax();
    }
}

void acpi_init(void)
{
    const struct rsdp *r = find_rsdp();
    if (!r)
        return;
    bool x = r->revision >= 2 && r->xsdt;
    const struct sdt_header *root = map_table(x ? r->xsdt : r->rsdt);
    if (!root)
        return;
    size_t entry = x ? 8 : 4, n = (root->length - sizeof(*root)) / entry;
    const uint8_t *entries = (const uint8_t *)root + sizeof(*root);
    for (size_t i = 0; i < n; i++) {
        uint64_t phys = x ? *(const uint64_t *)(entries + i * 8) : *(const uint32_t *)(entries + i * 4);
        const struct sdt_header *h = map_table(phys);
        if (h && memcmp(h->signature, "APIC", 4) == 0)
            parse_madt(h);
        else if (h && memcmp(h->signature, "FACP", 4) == 0)
            parse_fadt(h);
    }
}

#define SLEEP_CONTROL_SLP_EN (1u << 5)
#define GAS_MEMORY 0
#define GAS_IO 1

void acpi_power_off(void)
{
    if (!s5_known)
        return;
    if (sleep_control.address) {
        uint8_t v = (uint8_t)((slp_typ_a & 7) << 2) | SLEEP_CONTROL_SLP_EN;
        if (sleep_control.space == GAS_IO)
            outb((uint16_t)sleep_control.address, v);
        else if (sleep_control.space == GAS_MEMORY)
            *(volatile uint8_t *)ioremap(sleep_control.address, 1) = v;
    } else if (pm1a_cnt) {
        outw(pm1a_cnt, (uint16_t)(slp_typ_a << 10) | SLP_EN);
        if (pm1b_cnt)
            outw(pm1b_cnt, (uint16_t)(slp_typ_b << 10) | SLP_EN);
    }
    /* The machine goes off some time after the write. */
    for (uint64_t t0 = rdtsc(); rdtsc() - t0 < 1000000000ull;)
        cpu_relax();
}

void acpi_reset(void)
{
    if (!reset_reg.address)
        return;
    if (reset_reg.space == GAS_IO)
        outb((uint16_t)reset_reg.address, reset_reg.value);
    else if (reset_reg.space == GAS_MEMORY)
        *(volatile uint8_t *)ioremap(reset_reg.address, 1) = reset_reg.value;
    for (uint64_t t0 = rdtsc(); rdtsc() - t0 < 100000000ull;)
        cpu_relax();
}

uint32_t acpi_isa_gsi(int irq, uint16_t *flags)
{
    for (int i = 0; i < noverrides; i++) {
        if (overrides[i].irq == irq) {
            *flags = overrides[i].flags;
            return overrides[i].gsi;
        }
    }
    *flags = 0;
    return (uint32_t)irq;
}

uint64_t acpi_ioapic_address(void) { return ioapic_phys; }
int acpi_cpu_count(void) { return ncpus ? ncpus : 1; }
