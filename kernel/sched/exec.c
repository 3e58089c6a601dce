/* Loading an ELF program: its segments become file-backed VMAs (filled on
 * first touch), and the initial stack is laid out exactly as Linux's
 * create_elf_tables does: strings at the top, then the platform string and
 * AT_RANDOM bytes, then argc, argv, envp and the auxiliary vector. */
#include "sched/exec.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trapframe.h"
#include "fs/path.h"
#include "fs/vfs.h"
#include "lib/alloc.h"
#include "lib/elf.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/random.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/paging.h"
#include "mm/uaccess.h"
#include "mm/vdso.h"

#define ELF_ET_DYN_BASE 0x555555554000ul
#define STACK_INITIAL (132ul << 10)     /* as Linux's first [stack] VMA */

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_EXECFN 31
#define AT_SYSINFO_EHDR 33
#define AT_MINSIGSTKSZ 51
#define AUXV_WORDS 42                 /* 21 pairs below */

static uint32_t prot_of(uint32_t pflags)
{
    return ((pflags & PF_R) ? PROT_READ : 0) | ((pflags & PF_W) ? PROT_WRITE : 0) |
           ((pflags & PF_X) ? PROT_EXEC : 0);
}

/* One PT_LOAD: the file part, then zeros up to p_memsz. Runs with mm
 * active, since it zeroes the tail of the last file page in place. */
static int map_segment(struct mm *mm, struct vnode *f, const Elf64_Phdr *ph, uint64_t bias)
{
    uint32_t prot = prot_of(ph->p_flags);
    uint64_t start = ALIGN_DOWN(bias + ph->p_vaddr, PAGE_SIZE);
    uint64_t file_end = bias + ph->p_vaddr + ph->p_filesz;
    uint64_t mem_end = bias + ph->p_vaddr + ph->p_memsz;
    uint64_t zero_from = ALIGN_UP(file_end, PAGE_SIZE);
    long r;
    if (ph->p_filesz) {
        bool tail = ph->p_memsz > ph->p_filesz && file_end != zero_from;
        r = mm_map(mm, start, zero_from - start, tail ? prot | PROT_WRITE : prot, 0, true, false,
                   f, ALIGN_DOWN(ph->p_offset, PAGE_SIZE));
        if (r < 0)
            return (int)r;
        if (tail) {
            if ((r = clear_user((void *)file_end, zero_from - file_end)) != 0)
                return (int)r;
            if ((r = mm_protect(mm, start, zero_from - start, prot)) != 0)
                return (int)r;
        }
    } else {
        zero_from = start;
    }
    if (mem_end > zero_from) {
        r = mm_map(mm, zero_from, ALIGN_UP(mem_end, PAGE_SIZE) - zero_from, prot, 0, true, false,
                   NULL, 0);
        if (r < 0)
            return (int)r;
    }
    return 0;
}

/* Pushes n bytes below *sp. */
static int push_bytes(uint64_t *sp, const void *src, size_t n)
{
    *sp -= n;
    return copy_to_user((void *)*sp, src, n);
}

static int count(char *const v[])
{
    int n = 0;
    while (v[n])
        n++;
    return n;
}

static int build_stack(struct thread *t, const struct elf_image *ei, uint64_t bias, uint64_t interp_base,
                       uint64_t vdso, const char *path, char *const argv[], char *const envp[],
                       uint64_t *sp_out)
{
    int argc = count(argv), envc = count(envp);
    uint64_t p = STACK_TOP - sizeof(void *);
    uint64_t execfn, platform, random;
    /* The vector of words at the final stack pointer:
     * argc, argv..., NULL, envp..., NULL, auxv... */
    uint64_t words = 1 + (argc + 1) + (envc + 1) + AUXV_WORDS;
    uint64_t *vec = kzalloc(words * sizeof(uint64_t));
    if (!vec)
        return -ENOMEM;
    uint64_t *av = vec + 1, *ev = vec + 1 + argc + 1;
    vec[0] = (uint64_t)argc;
    int r = push_bytes(&p, path, strlen(path) + 1);
    execfn = p;
    for (int i = envc - 1; i >= 0 && !r; i--) {
        r = push_bytes(&p, envp[i], strlen(envp[i]) + 1);
        ev[i] = p;
    }
    for (int i = argc - 1; i >= 0 && !r; i--) {
        r = push_bytes(&p, argv[i], strlen(argv[i]) + 1);
        av[i] = p;
    }
    p &= ~15ul;
    r = r ?: push_bytes(&p, "x86_64", 7);
    platform = p;
    uint8_t rnd[16];
    get_random_bytes(rnd, sizeof(rnd));
    r = r ?: push_bytes(&p, rnd, sizeof(rnd));
    random = p;

    uint64_t phdr = ei->phdr_vaddr ? ei->phdr_vaddr + bias : 0;
    const uint64_t auxv[AUXV_WORDS] = {
        AT_MINSIGSTKSZ, ALIGN_UP(fpu_state_size() + 4 + 440, 16),
        AT_HWCAP, cpu_hwcap(), AT_PAGESZ, PAGE_SIZE, AT_CLKTCK, 100,
        AT_PHDR, phdr, AT_PHENT, sizeof(Elf64_Phdr), AT_PHNUM, ei->phnum,
        AT_BASE, interp_base, AT_FLAGS, 0, AT_ENTRY, ei->entry + bias,
        AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_SECURE, 0,
        AT_RANDOM, random, AT_HWCAP2, cpu_hwcap2(), AT_EXECFN, execfn,
        AT_PLATFORM, platform, AT_SYSINFO_EHDR, vdso, AT_NULL, 0,
    };
    memcpy(ev + envc + 1, auxv, sizeof(auxv));
    uint64_t sp = (p - words * 8) & ~15ul;
    r = r ?: copy_to_user((void *)sp, vec, words * 8);
    /* The strings lie argv, envp, path upwards: for /proc/self/cmdline. */
    struct mm *mm = t->proc->mm;
    mm->start_stack = sp;
    mm->env_end = execfn;
    mm->env_start = mm->arg_end = envc ? ev[0] : execfn;
    mm->arg_start = argc ? av[0] : mm->arg_end;
    kfree(vec);
    *sp_out = sp;
    return r;
}

/* The file's bytes: in place when the file system keeps them in memory
 * suitably aligned, else a copy in *buf (to kfree). */
static const void *contents(struct vnode *v, void **buf)
{
    *buf = NULL;
    /* elf_parse reads headers in place: they must be 8-byte aligned, and
     * cpio keeps file data only 4-byte aligned. */
    const void *direct = v->ops->direct ? v->ops->direct(v) : NULL;
    if (direct && ((uint64_t)direct & 7) == 0)
        return direct;
    if (!v->ops->read_page)
        return NULL;
    char *b = kmalloc(ALIGN_UP(v->size, PAGE_SIZE));
    for (uint64_t off = 0; b && off < v->size; off += PAGE_SIZE) {
        if (v->ops->read_page(v, off, b + off)) {
            kfree(b);
            b = NULL;
        }
    }
    *buf = b;
    return b;
}

/* Maps every PT_LOAD of ei at bias: the page-aligned end of the highest. */
static long map_image(struct mm *mm, struct vnode *v, const struct elf_image *ei, uint64_t bias)
{
    uint64_t end = 0;
    for (int i = 0; i < ei->phnum; i++) {
        const Elf64_Phdr *ph = &ei->phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        int r = map_segment(mm, v, ph, bias);
        if (r)
            return r;
        end = MAX(end, ALIGN_UP(bias + ph->p_vaddr + ph->p_memsz, PAGE_SIZE));
    }
    return (long)end;
}

/* The program's text and data, for /proc/<pid>/stat (as Linux's
 * start_code..end_data). */
static void note_layout(struct mm *mm, const struct elf_image *ei, uint64_t bias)
{
    mm->start_code = mm->start_data = ~0ul;
    mm->end_code = mm->end_data = 0;
    for (int i = 0; i < ei->phnum; i++) {
        const Elf64_Phdr *ph = &ei->phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uint64_t s = bias + ph->p_vaddr, e = s + ph->p_filesz;
        if (ph->p_flags & PF_X) {
            mm->start_code = MIN(mm->start_code, s);
            mm->end_code = MAX(mm->end_code, e);
        } else {
            mm->start_data = MIN(mm->start_data, s);
            mm->end_data = MAX(mm->end_data, e);
        }
    }
    if (mm->start_data > mm->end_data)
        mm->start_data = mm->end_data = 0;
}

/* An opened and validated ELF file. */
struct elf_file {
    struct vnode *v;
    void *buf;
    struct elf_image ei;
};

static int elf_open(const char *path, struct elf_file *e)
{
    int r = vfs_lookup(AT_FDCWD, path, 0, &e->v);
    if (r)
        return r;
    const void *img = S_ISREG(e->v->mode) ? contents(e->v, &e->buf) : NULL;
    if (!img)
        r = S_ISREG(e->v->mode) ? -ENOMEM : -EACCES;
    else
        r = elf_parse(img, e->v->size, TASK_SIZE_MAX, &e->ei);
    if (r) {
        kfree(e->buf);
        vnode_put(e->v);
    }
    return r;
}

static void elf_close(struct elf_file *e)
{
    kfree(e->buf);
    vnode_put(e->v);
}

/* The dynamic loader goes where mmap would put it: top-down below the
 * stack, as Linux does. Its bias, or -errno. */
static long map_interp(struct mm *mm, struct elf_file *in)
{
    if (in->ei.type != ET_DYN)
        return -ENOEXEC;
    uint64_t span = in->ei.hi - in->ei.lo;
    long base = mm_map(mm, 0, span, PROT_NONE, 0, false, false, NULL, 0);
    if (base < 0)
        return base;
    uint64_t bias = (uint64_t)base - in->ei.lo;
    long r = map_image(mm, in->v, &in->ei, bias);
    if (r < 0)
        return r;
    /* The reservation only kept the span together: the gaps between
     * segments go, as on Linux. PT_LOADs come sorted by address. */
    uint64_t prev_end = (uint64_t)base;
    for (int i = 0; i < in->ei.phnum; i++) {
        const Elf64_Phdr *ph = &in->ei.phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uint64_t start = ALIGN_DOWN(bias + ph->p_vaddr, PAGE_SIZE);
        if (start > prev_end)
            mm_unmap(mm, prev_end, start - prev_end);
        prev_end = ALIGN_UP(bias + ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
    }
    return (long)bias;
}

static int load(struct thread *t, struct mm *mm, struct elf_file *exe, struct elf_file *in,
                const char *path, char *const argv[], char *const envp[])
{
    const struct elf_image *ei = &exe->ei;
    uint64_t bias = ei->type == ET_DYN ? ELF_ET_DYN_BASE - ei->lo : 0;
    long end = map_image(mm, exe->v, ei, bias);
    if (end < 0)
        return (int)end;
    mm->brk_start = mm->brk = (uint64_t)end;
    note_layout(mm, ei, bias);
    long r = mm_map(mm, STACK_TOP - STACK_INITIAL, STACK_INITIAL, PROT_READ | PROT_WRITE,
                    VMA_STACK | VMA_GROWSDOWN, true, false, NULL, 0);
    if (r < 0)
        return (int)r;
    uint64_t entry = ei->entry + bias, interp_base = 0;
    if (in) {
        long ib = map_interp(mm, in);
        if (ib < 0)
            return (int)ib;
        interp_base = (uint64_t)ib + in->ei.lo;
        entry = in->ei.entry + (uint64_t)ib;
    }
    /* Below the loader, as on Linux. */
    long vdso = vdso_map(mm);
    if (vdso < 0)
        return (int)vdso;
    uint64_t sp;
    int e = build_stack(t, ei, bias, interp_base, (uint64_t)vdso, path, argv, envp, &sp);
    if (e)
        return e;
    memset(t->tf, 0, sizeof(*t->tf));
    t->tf->cs = SEL_UCODE;
    t->tf->ss = SEL_UDATA;
    t->tf->rflags = RFLAGS_IF | 2;
    t->tf->rip = entry;
    t->tf->rsp = sp;
    t->fs_base = 0;
    t->rseq = 0;
    fpu_init_state(t->fpu);
    return 0;
}

int exec_load(struct thread *t, const char *path, char *const argv[], char *const envp[])
{
    struct elf_file exe = {0}, interp = {0};
    int r = elf_open(path, &exe);
    if (r)
        return r;
    bool has_interp = exe.ei.interp != NULL;
    if (has_interp && (r = elf_open(exe.ei.interp, &interp)) != 0) {
        klog("eggos: %s needs the dynamic loader %s: error %d", path, exe.ei.interp, -r);
        elf_close(&exe);
        return r == -ENOENT ? -ENOENT : -ELIBBAD;
    }
    struct mm *mm = mm_new();
    if (!mm) {
        r = -ENOMEM;
    } else {
        struct process *p = t->proc;
        struct mm *old = p->mm;
        p->mm = mm;
        mm_activate(mm);
        r = load(t, mm, &exe, has_interp ? &interp : NULL, path, argv, envp);
        if (r) {
            p->mm = old;
            mm_activate(old);
            mm_put(mm);
        } else if (old) {
            mm_put(old);
        }
    }
    if (has_interp)
        elf_close(&interp);
    elf_close(&exe);
    return r;
}
