/* Reads the ACPI tables the firmware left in memory: the MADT (CPUs,
 * I/O APIC, ISA interrupt overrides) and the FADT with the DSDT's \_S5
 * object (how to power off), and drives the fixed power button. Only
 * parsing: no AML interpreter. */
#include "drivers/acpi.h"
#include "drivers/acpi_parse.h"
#include "drivers/driver.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/boot.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/x86.h"
#include "lib/kernel.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "sched/init.h"
#include "sched/signal.h"

struct sdt_header {
    char signature[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem_id[6], oem_table_id[8];
    uint32_t oem_revision, creator_id, creator_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct sdt_header) == ACPI_HEADER_LEN, "ACPI table header");

struct rsdp {
    char signature[8];
    uint8_t checksum;
    char oem_id[6];
    uint8_t revision;
    uint32_t rsdt;
    uint32_t length;              /* ACPI 2.0+: of the whole structure, with xsdt */
    uint64_t xsdt;
    uint8_t ext_checksum, reserved[3];
} __attribute__((packed));

#define RSDP_V1_LEN 20
#define MAX_TABLE_LEN (16u << 20)
#define SLP_EN (1u << 13)

static struct acpi_madt madt;     /* ncpus 0 and no overrides until one is read */
static struct acpi_fadt fadt;
static uint16_t slp_typ_a, slp_typ_b;
static bool s5_known;

/* A table mapped whole, or NULL (and a log line) when it is not a sane one. */
static const struct sdt_header *map_table(uint64_t phys)
{
    if (!phys)
        return NULL;
    const struct sdt_header *h = ioremap(phys, sizeof(*h));
    if (h->length < sizeof(*h) || h->length > MAX_TABLE_LEN) {
        klog("acpi: table at %#lx: length %u; skipped", phys, h->length);
        return NULL;
    }
    h = ioremap(phys, h->length);
    if (!acpi_checksum_ok(h, h->length)) {
        klog("acpi: table %.4s at %#lx: bad checksum; skipped", h->signature, phys);
        return NULL;
    }
    return h;
}

static bool rsdp_ok(const struct rsdp *r)
{
    if (memcmp(r->signature, "RSD PTR ", 8) != 0 || !acpi_checksum_ok(r, RSDP_V1_LEN))
        return false;
    return r->revision < 2 || (r->length >= sizeof(*r) && acpi_checksum_ok(r, sizeof(*r)));
}

static const struct rsdp *scan_rsdp(uint64_t base, uint64_t len)
{
    const char *p = ioremap(base, len);
    for (uint64_t off = 0; off + sizeof(struct rsdp) <= len; off += 16)
        if (rsdp_ok((const struct rsdp *)(p + off)))
            return (const struct rsdp *)(p + off);
    return NULL;
}

/* Where PVH says, else the BIOS areas: the EBDA's first KiB and
 * 0xE0000-0xFFFFF. */
static const struct rsdp *find_rsdp(void)
{
    if (boot_info.rsdp_phys) {
        const struct rsdp *r = ioremap(boot_info.rsdp_phys, sizeof(struct rsdp));
        if (rsdp_ok(r))
            return r;
        klog("acpi: the RSDP the boot loader gave is not valid; skipped");
        return NULL;
    }
    const uint16_t *ebda_seg = ioremap(0x40E, 2);
    const struct rsdp *r = *ebda_seg ? scan_rsdp((uint64_t)*ebda_seg << 4, 1024) : NULL;
    return r ? r : scan_rsdp(0xE0000, 0x20000);
}

static void log_skipped(const char *table, const struct acpi_skipped *s)
{
    if (s->count)
        klog("acpi: %s: %u malformed entries skipped, the first at offset %u: %s", table, s->count, s->offset,
             s->why);
}

static void parse_madt(const struct sdt_header *h)
{
    if (!acpi_parse_madt((const uint8_t *)h, h->length, &madt))
        klog("acpi: MADT of %u bytes, shorter than its header; skipped", h->length);
    log_skipped("MADT", &madt.skipped);
}

static void parse_fadt(const struct sdt_header *h)
{
    if (!acpi_parse_fadt((const uint8_t *)h, h->length, &fadt)) {
        klog("acpi: FADT of %u bytes, shorter than ACPI 1.0's; skipped", h->length);
        return;
    }
    const struct sdt_header *d = map_table(fadt.dsdt);
    if (d)
        s5_known = acpi_find_s5((const uint8_t *)d, d->length, &slp_typ_a, &slp_typ_b);
    /* Firmware in legacy mode: ask it to hand ACPI over (SCI_EN). */
    if (fadt.pm1a_cnt && !(inw(fadt.pm1a_cnt) & 1) && fadt.smi_cmd && fadt.acpi_enable) {
        outb((uint16_t)fadt.smi_cmd, fadt.acpi_enable);
        for (int i = 0; i < 1000000 && !(inw(fadt.pm1a_cnt) & 1); i++)
            cpu_relax();
    }
}

/* The MADT's interrupt wiring, to the APIC code before it starts. */
static void wire_interrupts(void)
{
    if (madt.has_ioapic)
        ioapic_set_address(madt.ioapic);
    for (int i = 0; i < madt.noverrides; i++)
        ioapic_set_isa_override(madt.overrides[i].irq, madt.overrides[i].gsi, madt.overrides[i].flags);
}

static void acpi_init(void)
{
    const struct rsdp *r = find_rsdp();
    if (!r)
        return;
    bool x = r->revision >= 2 && r->xsdt;
    const struct sdt_header *root = map_table(x ? r->xsdt : r->rsdt);
    if (!root)
        return;
    size_t n = acpi_root_count(root->length, x);
    for (size_t i = 0; i < n; i++) {
        const struct sdt_header *h = map_table(acpi_root_entry((const uint8_t *)root, x, i));
        if (h && memcmp(h->signature, "APIC", 4) == 0)
            parse_madt(h);
        else if (h && memcmp(h->signature, "FACP", 4) == 0)
            parse_fadt(h);
    }
    wire_interrupts();
}
DRIVER_INIT(acpi_init, DRIVER_FIRMWARE);

#define SLEEP_CONTROL_SLP_EN (1u << 5)
#define GAS_MEMORY 0
#define GAS_IO 1

void acpi_power_off(void)
{
    if (!s5_known)
        return;
    if (fadt.sleep_address) {
        uint8_t v = (uint8_t)((slp_typ_a & 7) << 2) | SLEEP_CONTROL_SLP_EN;
        if (fadt.sleep_space == GAS_IO)
            outb((uint16_t)fadt.sleep_address, v);
        else if (fadt.sleep_space == GAS_MEMORY)
            *(volatile uint8_t *)ioremap(fadt.sleep_address, 1) = v;
    } else if (fadt.pm1a_cnt) {
        outw(fadt.pm1a_cnt, (uint16_t)(slp_typ_a << 10) | SLP_EN);
        if (fadt.pm1b_cnt)
            outw(fadt.pm1b_cnt, (uint16_t)(slp_typ_b << 10) | SLP_EN);
    }
    /* The machine goes off some time after the write. */
    for (uint64_t t0 = rdtsc(); rdtsc() - t0 < 1000000000ull;)
        cpu_relax();
}

void acpi_reset(void)
{
    if (!fadt.has_reset)
        return;
    if (fadt.reset_space == GAS_IO)
        outb((uint16_t)fadt.reset_address, fadt.reset_value);
    else if (fadt.reset_space == GAS_MEMORY)
        *(volatile uint8_t *)ioremap(fadt.reset_address, 1) = fadt.reset_value;
    for (uint64_t t0 = rdtsc(); rdtsc() - t0 < 100000000ull;)
        cpu_relax();
}

#define PWRBTN (1u << 8)          /* PWRBTN_STS in PM1 status, PWRBTN_EN in PM1 enable */


/* Sets bits in the enable register of a PM1 event block (its second half). */
static void pm1_enable(uint16_t evt, uint16_t bits)
{
    uint16_t en = (uint16_t)(evt + fadt.pm1_evt_len / 2);
    outw(en, inw(en) | bits);
}

/* Status bits are cleared by writing 1 to them: the SCI line falls. */
static uint16_t pm1_take_status(uint16_t bits)
{
    uint16_t sts = inw(fadt.pm1a_evt) & bits;
    outw(fadt.pm1a_evt, sts);
    if (fadt.pm1b_evt) {
        uint16_t b = inw(fadt.pm1b_evt) & bits;
        outw(fadt.pm1b_evt, b);
        sts |= b;
    }
    return sts;
}

/* The SCI, level-triggered: every enabled event is quieted here before
 * the end of interrupt. The power button is the only one enabled. */
static void sci_irq(void)
{
    if (pm1_take_status(PWRBTN))
        init_signal(SIGTERM);
}

/* The fixed power button (QEMU's system_powerdown on pc and q35) asks
 * the program to stop, as a Linux host's systemd-logind does its
 * services: SIGTERM. microvm's hardware-reduced ACPI reports its button
 * through AML, which eggos does not run: there it does nothing. */
static void acpi_power_button_init(void)
{
    if (!fadt.pm1a_evt || fadt.sci_int >= IRQ_ISA_COUNT)
        return;
    pm1_take_status(PWRBTN);              /* a press from before the kernel ran */
    irq_register_level(fadt.sci_int, sci_irq);
    pm1_enable(fadt.pm1a_evt, PWRBTN);
    if (fadt.pm1b_evt)
        pm1_enable(fadt.pm1b_evt, PWRBTN);
}
DRIVER_INIT(acpi_power_button_init, DRIVER_INPUT);

int acpi_cpu_count(void) { return madt.ncpus ? madt.ncpus : 1; }
