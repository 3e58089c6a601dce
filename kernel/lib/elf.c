/* ELF64 executable validation. Images come from user files: every offset,
 * size and address is checked, in forms that cannot overflow, before the
 * loader trusts it. */
#include "lib/elf.h"
#include "lib/errno.h"

#define EM_X86_64 62
#define EV_CURRENT 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define PAGE_SIZE 4096ULL
/* Linux refuses more than 64 KiB of program headers; so do we. */
#define PHDRS_MAX_BYTES 65536

/* True when [off, off+len) lies inside a file of `size` bytes. */
static bool in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

static int check_ehdr(const Elf64_Ehdr *eh, size_t size)
{
    const unsigned char *id = eh->e_ident;
    if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F' ||
        id[4] != ELFCLASS64 || id[5] != ELFDATA2LSB || id[6] != EV_CURRENT)
        return -ENOEXEC;
    if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
        eh->e_machine != EM_X86_64 || eh->e_version != EV_CURRENT ||
        eh->e_phentsize != sizeof(Elf64_Phdr))
        return -ENOEXEC;
    uint64_t phbytes = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    /* The headers are read in place through Elf64_Phdr pointers. */
    if (eh->e_phnum == 0 || phbytes > PHDRS_MAX_BYTES ||
        eh->e_phoff % _Alignof(Elf64_Phdr) != 0 ||
        !in_file(eh->e_phoff, phbytes, size))
        return -ENOEXEC;
    return 0;
}

/* Checks a PT_LOAD and widens [*lo, *hi) to cover it. */
static int check_load(const Elf64_Phdr *ph, size_t size, uint64_t user_limit,
                      uint64_t *lo, uint64_t *hi)
{
    if (ph->p_filesz > ph->p_memsz || !in_file(ph->p_offset, ph->p_filesz, size) ||
        ph->p_vaddr % PAGE_SIZE != ph->p_offset % PAGE_SIZE)
        return -ENOEXEC;
    /* Its pages [start, end) must lie below user_limit, and computing end
     * must not wrap (the second test matters only for a limit near 2^64). */
    if (ph->p_vaddr > user_limit || ph->p_memsz > user_limit - ph->p_vaddr)
        return -ENOEXEC;
    uint64_t end = ph->p_vaddr + ph->p_memsz;
    if (end > UINT64_MAX - (PAGE_SIZE - 1))
        return -ENOEXEC;
    uint64_t start = ph->p_vaddr & ~(PAGE_SIZE - 1);
    end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    if (end > user_limit)
        return -ENOEXEC;
    if (start < *lo)
        *lo = start;
    if (end > *hi)
        *hi = end;
    return 0;
}

/* Checks a PT_INTERP: a path of at most 4096 bytes, NUL-terminated in the file. */
static int check_interp(const Elf64_Phdr *ph, const char *base, size_t size,
                        const char **interp)
{
    if (*interp || ph->p_filesz < 2 || ph->p_filesz > 4096 ||
        !in_file(ph->p_offset, ph->p_filesz, size) ||
        base[ph->p_offset + ph->p_filesz - 1] != '\0')
        return -ENOEXEC;
    *interp = base + ph->p_offset;
    return 0;
}

/* Where the program headers appear in memory: PT_PHDR says so, else the
 * PT_LOAD whose file bytes contain them (what AT_PHDR must point to). */
static uint64_t find_phdr_vaddr(const struct elf_image *img)
{
    uint64_t off = img->ehdr->e_phoff;
    uint64_t len = (uint64_t)img->phnum * sizeof(Elf64_Phdr);
    for (int i = 0; i < img->phnum; i++)
        if (img->phdr[i].p_type == PT_PHDR)
            return img->phdr[i].p_vaddr;
    for (int i = 0; i < img->phnum; i++) {
        const Elf64_Phdr *ph = &img->phdr[i];
        if (ph->p_type == PT_LOAD && off >= ph->p_offset &&
            off - ph->p_offset <= ph->p_filesz &&
            len <= ph->p_filesz - (off - ph->p_offset))
            return ph->p_vaddr + (off - ph->p_offset);
    }
    return 0;
}

int elf_parse(const void *image, size_t size, uint64_t user_limit,
              struct elf_image *out)
{
    const Elf64_Ehdr *eh = image;
    /* Fields are read in place, so the image must be aligned for them. */
    if ((uintptr_t)image % _Alignof(Elf64_Ehdr) != 0 || size < sizeof(*eh) ||
        check_ehdr(eh, size) < 0)
        return -ENOEXEC;

    struct elf_image img = {
        .ehdr = eh,
        .phdr = (const Elf64_Phdr *)((const char *)image + eh->e_phoff),
        .phnum = eh->e_phnum,
        .type = eh->e_type,
        .entry = eh->e_entry,
        .lo = UINT64_MAX,
        .hi = 0,
    };
    for (int i = 0; i < img.phnum; i++) {
        const Elf64_Phdr *ph = &img.phdr[i];
        int r = 0;
        if (ph->p_type == PT_LOAD)
            r = check_load(ph, size, user_limit, &img.lo, &img.hi);
        else if (ph->p_type == PT_INTERP)
            r = check_interp(ph, image, size, &img.interp);
        if (r < 0)
            return r;
    }
    if (img.hi <= img.lo)   /* no PT_LOAD, or nothing to map */
        return -ENOEXEC;
    img.phdr_vaddr = find_phdr_vaddr(&img);
    *out = img;
    return 0;
}
