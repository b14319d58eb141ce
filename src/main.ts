import { mount } from 'svelte';
import './ui/shell/global.css';
import App from './App.svelte';
import { studio } from './app/studio.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// The studio's state and commands, for the browser console and end-to-end tests (e.g. studio.pipeline.replace).
(window as unknown as { studio: typeof studio }).studio = studio;

export default mount(App, { target });
