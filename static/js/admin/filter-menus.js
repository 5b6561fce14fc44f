/* The filter menus above a change list (templates/admin/filter.html): one open at a time; Escape or a click
   elsewhere closes it, and Escape gives the focus back to its summary. */
'use strict';
{
    const menus = () => document.querySelectorAll('details.filter-menu');
    document.addEventListener('toggle', (event) => {
        const opened = event.target;
        if (!opened.matches || !opened.matches('details.filter-menu') || !opened.open) return;
        menus().forEach((menu) => { if (menu !== opened) menu.open = false; });
    }, true);
    document.addEventListener('click', (event) => {
        menus().forEach((menu) => { if (menu.open && !menu.contains(event.target)) menu.open = false; });
    });
    document.addEventListener('keydown', (event) => {
        if (event.key !== 'Escape') return;
        menus().forEach((menu) => {
            if (!menu.open) return;
            menu.open = false;
            if (menu.contains(document.activeElement)) menu.querySelector('summary').focus();
        });
    });
}
